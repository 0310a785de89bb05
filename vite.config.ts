import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { collabDevPlugin } from './server/dev-plugin.ts';

/**
 * The installable web app: its manifest, and the list of the app's own files injected into our
 * service worker (src/service-worker.ts, built and registered by SvelteKit itself), which keeps the
 * family pages last opened for reading offline.
 */
const pwa = SvelteKitPWA({
	strategies: 'injectManifest',
	srcDir: 'src',
	filename: 'service-worker.ts',
	// SvelteKit registers the worker; no registration script of the plugin's in the pages.
	injectRegister: false,
	manifest: {
		name: 'Журнал — электронный журнал и дневник',
		short_name: 'Журнал',
		description: 'Дневник ученика: неделя, домашние задания, оценки — и без связи',
		lang: 'ru',
		start_url: '/',
		scope: '/',
		display: 'standalone',
		background_color: '#ffffff',
		theme_color: '#1d4ed8',
		icons: [
			{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
			{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
			{ src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }
		]
	},
	injectManifest: {
		// The app's scripts, styles and icons (not the server's); a family's phone fetches them once per version.
		globPatterns: ['client/**/*.{js,css,png,svg,webmanifest}'],
		// …except the journal's grid (about 0.9 MB), a staff page's that a family never opens: the build
		// names it in a warning, and it is fetched as before when a teacher opens the journal.
		maximumFileSizeToCacheInBytes: 400 * 1024
	}
});

export default defineConfig({
	plugins: [sveltekit(), pwa, collabDevPlugin()],
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
					// The demo school generated once per run, copied for each file (tests/helpers/demo-template.ts).
					globalSetup: ['tests/helpers/demo-template.ts'],
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
