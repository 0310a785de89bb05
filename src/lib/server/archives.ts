/**
 * The year's archives: ZIP files of PDFs kept under DATA_DIR/archives, written by
 * yazl as a stream to a hidden `.part` name and renamed when complete, so a file cut short by a
 * crash or a restart is never listed or downloaded (and is removed when the next one starts).
 * The job's progress is kept in the database (db/archive-jobs.ts), so every instance shows it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import type { Config } from './config.ts';

/** The folder of the archives. */
export function archiveDir(config: Config): string {
	return path.join(config.dataDir, 'archives');
}

// archive-2026-2027-20270615-143005.zip: the year's name in Latin letters and digits, and the moment (UTC).
const NAME = /^archive-[0-9A-Za-z-]+-\d{8}-\d{6}\.zip$/;

/** The file name of a year's archive made at `now`. */
export function archiveFileName(yearName: string, now: Date): string {
	const year = yearName.replace(/[^0-9A-Za-z]+/g, '-').replace(/^-+|-+$/g, '') || 'year';
	const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
	return `archive-${year}-${stamp}.zip`;
}

/** One archive in the folder. */
export interface ArchiveEntry {
	name: string;
	size: number;
	/** When it was finished (ISO). */
	madeAt: string;
}

/** The finished archives, newest first (a `.part` file being written, or left by a crash, is not one). */
export function listArchives(config: Config): ArchiveEntry[] {
	const dir = archiveDir(config);
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((name) => NAME.test(name))
		.map((name) => {
			const stat = fs.statSync(path.join(dir, name));
			return { name, size: stat.size, madeAt: stat.mtime.toISOString() };
		})
		.sort((a, b) => b.madeAt.localeCompare(a.madeAt) || b.name.localeCompare(a.name));
}

/** The full path of a finished archive, or undefined for any other name (no path tricks). */
export function archivePath(config: Config, name: string): string | undefined {
	if (!NAME.test(name) || path.basename(name) !== name) return undefined;
	const file = path.join(archiveDir(config), name);
	return fs.existsSync(file) ? file : undefined;
}

/** A ZIP being written: entries are added one by one and streamed out; `finish` makes it appear under its name. */
export interface ZipWriter {
	add(name: string, data: Buffer): void;
	/** Ends the ZIP, renames it into place, returns its size. */
	finish(): Promise<number>;
	/** Gives up: the partial file is removed. */
	abandon(): void;
}

/** Starts writing an archive of the name into the folder, under a hidden `.part` name until finished. */
export function startZip(config: Config, name: string): ZipWriter {
	const dir = archiveDir(config);
	fs.mkdirSync(dir, { recursive: true });
	// What a stopped process left unfinished is of no use to anyone. A file written to within the
	// job's heartbeat may be another instance's at work (the folder may be shared): it stays.
	for (const left of fs.readdirSync(dir)) {
		if (!left.startsWith('.') || !left.endsWith('.part')) continue;
		const file = path.join(dir, left);
		if (Date.now() - fs.statSync(file).mtimeMs > ARCHIVE_STALE_MS) fs.rmSync(file, { force: true });
	}
	const partial = path.join(dir, `.${name}.part`);
	const file = path.join(dir, name);
	const zip = new yazl.ZipFile();
	const out = fs.createWriteStream(partial);
	const written = new Promise<void>((resolve, reject) => {
		out.on('close', resolve);
		out.on('error', reject);
		zip.outputStream.on('error', reject);
	});
	// A failure before `finish` is awaited is reported by `finish`; until then it must not go unhandled.
	written.catch(() => {});
	zip.outputStream.pipe(out);
	const names = new Set<string>();
	return {
		add(entry, data) {
			// Two entries of one name (two groups named alike) are told apart by a number.
			let unique = entry;
			for (let n = 2; names.has(unique); n++) unique = entry.replace(/(\.[a-z]+)?$/, ` (${n})$1`);
			names.add(unique);
			zip.addBuffer(data, unique);
		},
		async finish() {
			zip.end();
			await written;
			fs.renameSync(partial, file);
			return fs.statSync(file).size;
		},
		abandon() {
			out.destroy();
			fs.rmSync(partial, { force: true });
		}
	};
}

/** The state of a school's latest archive job, as the page shows it. */
export interface ArchiveJob {
	yearId: number;
	yearName: string;
	/** A running job whose instance stopped is shown as failed. */
	state: 'running' | 'done' | 'failed';
	/** Files to make, and made so far. */
	total: number;
	made: number;
	/** The archive's file name. */
	name: string;
	startedAt: string;
	/** Why it failed (Russian), when it did. */
	message?: string;
}

/** A running job not heard of for this long (no file made) lost its instance. */
export const ARCHIVE_STALE_MS = 120_000;

/** This process among the instances: host and process id, kept with the job it makes. */
export function thisInstance(): string {
	return `${os.hostname()}:${process.pid}`;
}
