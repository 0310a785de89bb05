// `npm start`: builds the app when the build is missing or older than the sources, then runs
// server/main.ts through tsx (the server shares TypeScript modules with the app).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const built = path.join(root, 'build', 'handler.js');

function newest(dir) {
	let latest = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
	}
	return latest;
}

const sourcesChanged = () =>
	Math.max(newest(path.join(root, 'src')), fs.statSync(path.join(root, 'package.json')).mtimeMs) > fs.statSync(built).mtimeMs;

if (!fs.existsSync(built) || sourcesChanged()) {
	console.log('Сборка приложения…');
	const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
		cwd: root,
		stdio: 'inherit'
	});
	if (result.status !== 0) process.exit(result.status ?? 1);
}

// Run in this process, so signals reach the server's own shutdown (which flushes the database).
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('./main.ts');
await main();
