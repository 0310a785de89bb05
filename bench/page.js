// page.journal_js_kb: the JavaScript of the journal page, decompressed, as scripts/page-weight.js
// prints it (a number of kB, or JSON holding journal_js_kb). Without that script the key is null
// with the reason beside it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const script = path.join(root, 'scripts', 'page-weight.js');
const file = path.join(root, 'bench', 'results.json');

let kb = null;
let reason;
if (!fs.existsSync(script)) {
	reason = 'scripts/page-weight.js is not in this tree';
} else {
	const run = spawnSync(process.execPath, [script], { cwd: root, encoding: 'utf8' });
	const out = run.stdout ?? '';
	try {
		const json = JSON.parse(out);
		const found = typeof json === 'number' ? json : Object.entries(json).find(([key]) => key.includes('journal_js_kb'))?.[1];
		if (typeof found === 'number') kb = found;
	} catch {
		const numbers = out.match(/\d+(?:\.\d+)?/g);
		if (numbers) kb = Number(numbers.at(-1));
	}
	if (run.status !== 0) reason = `scripts/page-weight.js exited with ${run.status}: ${(run.stderr ?? '').trim().slice(0, 200)}`;
	else if (kb === null) reason = `no figure in the output of scripts/page-weight.js: ${out.trim().slice(0, 200)}`;
}
const previous = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
const results = { 'page.journal_js_kb': kb, ...(reason ? { 'page.journal_js_kb_reason': reason } : {}) };
if (!reason) delete previous['page.journal_js_kb_reason'];
console.table(results);
fs.writeFileSync(file, JSON.stringify({ ...previous, ...results }, null, 2) + '\n');
