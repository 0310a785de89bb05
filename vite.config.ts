import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { collabDevPlugin } from './server/dev-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), collabDevPlugin()],
	test: {
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' }
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 120_000,
					// One database per file; files run one at a time so PGlite and the
					// server under test never compete for the two cores.
					fileParallelism: false,
					// The built server is loaded by Node as it is in production, not re-transformed.
					server: { deps: { external: [/\/build\//] } }
				}
			}
		]
	}
});
