/**
 * The PDF thread: pdfmake lays out and draws documents here, so a journal of a year (100–150 ms
 * of synchronous work) never holds up the main thread's websockets and HTTP while the year's
 * archive is made or a journal is printed.
 *
 * Plain JavaScript on purpose, as pglite-worker.js: a worker is a separate module graph that Node
 * loads itself, under tsx (`npm start`), Vite's dev server and Vitest alike.
 *
 * A document comes as plain data (messages cannot carry functions), so what pdfmake takes as a
 * function is named instead: table layouts by name (`thin`, registered below), and a running
 * header as `pageHeader`, a text node whose `{page}` and `{pages}` are put in on every page.
 *
 * Messages in: { id, definition }. Out: { id, bytes } (the PDF, transferred) or { id, message }.
 */
import { parentPort } from 'node:worker_threads';
import pdfmake from 'pdfmake';
import { useRoboto } from './fonts.js';

if (!parentPort) throw new Error('pdf-worker.js runs only as a worker thread');
const port = parentPort;

// pdfmake's own Roboto, which has Cyrillic; a document may read only the font folder and download nothing.
useRoboto(pdfmake);

/** Thin grey rules and tight padding: the printed journal's grid. */
pdfmake.addTableLayouts({
	thin: {
		hLineWidth: () => 0.5,
		vLineWidth: () => 0.5,
		hLineColor: () => '#555555',
		vLineColor: () => '#555555',
		paddingLeft: () => 2,
		paddingRight: () => 2,
		paddingTop: () => 1.5,
		paddingBottom: () => 1.5
	}
});

/** The definition pdfmake takes: `pageHeader` becomes the header function. */
function hydrate(definition) {
	const { pageHeader, ...rest } = definition;
	if (!pageHeader) return rest;
	return {
		...rest,
		header: (page, pages) => ({ ...pageHeader, text: String(pageHeader.text).replaceAll('{page}', String(page)).replaceAll('{pages}', String(pages)) })
	};
}

port.on('message', async ({ id, definition }) => {
	try {
		const buffer = await pdfmake.createPdf(hydrate(definition)).getBuffer();
		const bytes = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
		port.postMessage({ id, bytes }, [bytes]);
	} catch (error) {
		port.postMessage({ id, message: error instanceof Error ? error.message : String(error) });
	}
});
