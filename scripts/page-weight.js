// How much JavaScript a page of the built app makes the browser load before its first paint: the
// app's entry (start and app with their chunks) and the page's layouts, error pages and page node
// with every chunk they import statically, each file counted once, decompressed. Chunks a page imports only
// on demand (a dialog opened, a chart shown) are not counted: they are fetched when used.
//
//   node scripts/page-weight.js            prints `page.journal_js_kb <KB>` for the live journal
//                                          and `page.diary_js_kb <KB>` for the family diary
//   node scripts/page-weight.js --json     prints {"page.journal_js_kb": <KB>, "page.diary_js_kb": <KB>, "files": [...]}
//                                          (files: the journal's)
//
// Reads the last build (`npx vite build`); SvelteKit's server manifest lists, for every node, the
// client files it preloads, which is exactly what the browser fetches for it.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const output = path.join(root, '.svelte-kit', 'output');

/** The route id of the live journal page. */
export const JOURNAL_ROUTE = '/(staff)/journal/[id]';
/** The route id of a pupil's diary, the page a family opens on a phone. */
export const DIARY_ROUTE = '/(family)/diary/[id]';

/** The client JS files (paths under the client output) a route loads before its first paint. */
export function pageScripts(routeId, outputDir = output) {
	const manifest = fs.readFileSync(path.join(outputDir, 'server', 'manifest.js'), 'utf8');
	const client = /client:\s*\{[^]*?imports:(\[[^\]]*\])/.exec(manifest);
	if (!client) throw new Error('the server manifest lists no client entry: build the app first');
	const at = manifest.indexOf(`id: ${JSON.stringify(routeId)}`);
	if (at < 0) throw new Error(`no route ${routeId} in the build`);
	const page = /page:\s*\{\s*layouts:\s*\[([^\]]*)\],\s*errors:\s*\[([^\]]*)\],\s*leaf:\s*(\d+)/.exec(manifest.slice(at));
	if (!page) throw new Error(`${routeId} is not a page`);
	// Layouts and the page, and the error pages the client fetches with them on start.
	const list = (text) => text.split(',').filter((n) => n.trim() !== '').map(Number);
	const nodes = [...new Set([...list(page[1]), ...list(page[2]), Number(page[3])])];
	const files = new Set(JSON.parse(client[1]));
	for (const node of nodes) {
		const source = fs.readFileSync(path.join(outputDir, 'server', 'nodes', `${node}.js`), 'utf8');
		const imports = /export const imports = (\[[^\]]*\]);/.exec(source);
		for (const file of imports ? JSON.parse(imports[1]) : []) files.add(file);
	}
	return [...files].filter((file) => file.endsWith('.js'));
}

/** Kilobytes (1024 bytes) of JS a route loads before its first paint, with the files and their sizes. */
export function pageWeight(routeId = JOURNAL_ROUTE, outputDir = output) {
	const files = pageScripts(routeId, outputDir).map((file) => ({ file, bytes: fs.statSync(path.join(outputDir, 'client', file)).size }));
	const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
	return { kb: Math.round(bytes / 1024), files: files.sort((a, b) => b.bytes - a.bytes) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const { kb, files } = pageWeight();
	const diary = pageWeight(DIARY_ROUTE).kb;
	if (process.argv.includes('--json')) console.log(JSON.stringify({ 'page.journal_js_kb': kb, 'page.diary_js_kb': diary, files }));
	else console.log(`page.journal_js_kb ${kb}\npage.diary_js_kb ${diary}`);
}
