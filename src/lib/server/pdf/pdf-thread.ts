/**
 * Draws PDFs in a worker thread (pdf-worker.js), one per process, started on first use: pdfmake's
 * layout of a year's journal takes 100–150 ms of synchronous work, which on the main thread would
 * stall every teacher's live edits while the year's archive is made. The main thread reads the
 * rows and builds the document as plain data; the thread draws it and hands the bytes back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * A pdfmake document definition as plain data (no functions): table layouts by name (`thin`), and
 * the running header as `pageHeader`, a text node whose `{page}` and `{pages}` are filled in per page.
 */
export type PlainPdfDefinition = Record<string, unknown> & { pageHeader?: Record<string, unknown> & { text: string } };

interface Thread {
	worker: Worker;
	waiting: Map<number, { resolve(bytes: Buffer): void; reject(error: Error): void }>;
	next: number;
}

// One thread per process, even when the SvelteKit bundle and the server entry each carry a copy
// of this module; the bundle's copy has no pdf-worker.js beside it, so the file's place is kept
// here by whichever copy sees it.
const THREAD = Symbol.for('zhurnal.pdf.thread');
const FILE = Symbol.for('zhurnal.pdf.worker-file');
type Holder = { [THREAD]?: Thread; [FILE]?: string };
const holder = globalThis as Holder;

const beside = fileURLToPath(new URL('./pdf-worker.js', import.meta.url));
if (fs.existsSync(beside)) holder[FILE] ??= beside;

/** Where pdf-worker.js is: beside a copy of this module, else in the sources under the working directory. */
function workerFile(): string {
	const file = holder[FILE] ?? path.resolve('src/lib/server/pdf/pdf-worker.js');
	if (!fs.existsSync(file)) throw new Error(`Не найден модуль печати PDF: ${file}`);
	return file;
}

function thread(): Thread {
	const running = holder[THREAD];
	if (running) return running;
	const worker = new Worker(workerFile());
	const started: Thread = { worker, waiting: new Map(), next: 1 };
	const fail = (error: Error) => {
		if (holder[THREAD] === started) delete holder[THREAD];
		for (const { reject } of started.waiting.values()) reject(error);
		started.waiting.clear();
	};
	worker.on('message', (message: { id: number; bytes?: ArrayBuffer; message?: string }) => {
		const waiting = started.waiting.get(message.id);
		if (!waiting) return;
		started.waiting.delete(message.id);
		if (started.waiting.size === 0) worker.unref();
		if (message.bytes) waiting.resolve(Buffer.from(message.bytes));
		else waiting.reject(new Error(message.message ?? 'PDF не получился'));
	});
	worker.on('error', fail);
	worker.on('exit', (code) => fail(new Error(`Поток печати PDF остановился (код ${code})`)));
	// An idle thread does not keep the process alive.
	worker.unref();
	holder[THREAD] = started;
	return started;
}

/** Draws the document in the PDF thread and returns the PDF's bytes. */
export function drawPdf(definition: PlainPdfDefinition): Promise<Buffer> {
	const t = thread();
	const id = t.next++;
	return new Promise((resolve, reject) => {
		t.waiting.set(id, { resolve, reject });
		// While a document is being drawn the thread keeps the process alive, as any pending I/O would.
		t.worker.ref();
		t.worker.postMessage({ id, definition });
	});
}

/** Stops the PDF thread, if one runs (on shutdown); a later drawing starts a new one. */
export async function stopPdfThread(): Promise<void> {
	const running = holder[THREAD];
	if (!running) return;
	delete holder[THREAD];
	await running.worker.terminate();
}
