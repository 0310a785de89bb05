/**
 * The production entry: one Node process, one port. It brings the database up (migrations and,
 * on an empty database, the demo school), serves the SvelteKit handler over HTTP and the live
 * journal on /collab, and on SIGINT/SIGTERM closes everything so the embedded database is flushed.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readConfig, shareConfig, type Config } from '../src/lib/server/config.ts';
import { forgetStarted, startDatabase } from '../src/lib/server/start.ts';
import { BackupError, onRestoreRequested, readRestoreStatus, restoreBackup, writeRestoreStatus } from '../src/lib/server/backups.ts';
import { closeDatabase, database } from '../src/lib/server/db/client.ts';
import { startMaintenance } from '../src/lib/server/maintenance.ts';
import { startBackupSchedule } from '../src/lib/server/backup-schedule.ts';
import { startMailDeliverer } from '../src/lib/server/mail/deliverer.ts';
import { startTimetableFill, type TimetableFill } from '../src/lib/server/timetable-fill.ts';
import { startPushDeliverer } from '../src/lib/server/push/deliverer.ts';
import { startWeeklyNotices } from '../src/lib/server/weekly-notices.ts';
import { startNoticeSchedule } from '../src/lib/server/notice-schedule.ts';
import { flushRiskChecks } from '../src/lib/server/commands/journal-notices.ts';
import { stopPdfThread } from '../src/lib/server/pdf/pdf-thread.ts';
import { clientAddress } from '../src/lib/server/request.ts';
import type { DemoSummary } from '../src/lib/server/demo/generate.ts';
import { pluralRu, type PluralForms } from '../src/lib/domain/plural.ts';
import { RESTORE_BODY_BYTES } from '../src/lib/server/body-limit.ts';

const PROTOCOL_HEADER = 'x-zhurnal-socket-protocol';
const ADDRESS_HEADER = 'x-zhurnal-client-address';

/** A running server. */
export interface RunningServer {
	url: string;
	port: number;
	demo: DemoSummary | undefined;
	/** The one-time link that creates the school, when the database holds none. */
	setupUrl: string | undefined;
	/** The daily fill of lessons from the timetable (its first run starts with the server). */
	timetableFill: TimetableFill;
	close(): Promise<void>;
}

/** Starts the whole server (database, HTTP, websocket) with the given configuration. */
export async function startServer(config: Config = readConfig(), buildDir = path.resolve('build')): Promise<RunningServer> {
	// adapter-node's handler reads ORIGIN and friends from the environment once, at import, and
	// without them assumes https. Behind a proxy the operator sets ORIGIN; otherwise the protocol
	// is the one this socket really speaks, passed in a header that we always overwrite.
	if (config.origin) process.env.ORIGIN = config.origin;
	else process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
	// adapter-node's limit is one ceiling for every route, enforced while the body streams: the
	// largest route's, the first-start restore of a backup (R-8.2). Every route gets its own limit
	// in hooks.server.ts (body-limit.ts) before anything reads the body. adapter-node reads the
	// variable once, at import.
	process.env.BODY_SIZE_LIMIT ??= String(RESTORE_BODY_BYTES);
	// The client's address (sign-in limits, sessions) is decided here from this server's own
	// configuration (ADDRESS_HEADER, XFF_DEPTH) and handed to the adapter in a header we always
	// overwrite: a client cannot send it, and a handler imported once per process still follows
	// the configuration of the server that runs it.
	process.env.ADDRESS_HEADER = ADDRESS_HEADER;
	shareConfig(config);
	const started = await startDatabase(config);
	const { handler } = await import(pathToFileURL(path.join(buildDir, 'handler.js')).href);
	const { startCollab, useCollab } = await import('./collab/index.ts');
	const collab = startCollab(config);
	useCollab(collab);
	const server = http.createServer((req, res) => {
		req.headers[PROTOCOL_HEADER] = 'http';
		req.headers[ADDRESS_HEADER] = clientAddress(req.headers, req.socket.remoteAddress, config) ?? '';
		handler(req, res);
	});
	server.on('upgrade', (request, socket, head) => {
		if (new URL(request.url ?? '/', 'http://x').pathname === '/collab') void collab.handleUpgrade(request, socket, head);
		else socket.destroy();
	});
	await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
	const port = (server.address() as { port: number }).port;
	// Expired sessions and old login events are pruned in this process (R-3.2).
	const maintenance = startMaintenance((await database()).sql);
	// The nightly backup (R-8.2), made in this process.
	const backups = startBackupSchedule((await database()).sql, config);
	// Notifications by e-mail (SMTP_URL, SMTP_FROM), sent from this process; off when unset.
	const mail = startMailDeliverer((await database()).sql, config, config.origin ?? `http://localhost:${port}`);
	// The timetable's lessons up to today become journal columns at start and each new school day (R-4.1.7).
	const timetableFill = startTimetableFill((await database()).sql, config);
	// Web push of notifications (VAPID keys made on the first start); off with PUSH=off.
	const push = await startPushDeliverer((await database()).sql, config);
	// The class teachers' weekly notices to parents, on Mondays at 9:00 (R-4.3.10).
	const weekly = startWeeklyNotices((await database()).sql, config);
	// Announcements published for a later day go out on it; the daily risk check before a period's end.
	const notices = config.noticeScheduleMs === undefined ? undefined : startNoticeSchedule((await database()).sql, config, config.noticeScheduleMs);
	let closing: Promise<void> | undefined;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		demo: started.demo,
		setupUrl: started.setupToken && `${config.origin ?? `http://localhost:${port}`}/setup/${started.setupToken}`,
		timetableFill,
		close: () =>
			(closing ??= (async () => {
				await timetableFill.stop();
				await collab.close();
				server.closeAllConnections();
				await new Promise<void>((resolve) => server.close(() => resolve()));
				await maintenance.stop();
				await backups.stop();
				await mail?.stop();
				await push?.stop();
				await weekly.stop();
				await notices?.stop();
				// Risks judged after the last edits, before the database goes.
				await flushRiskChecks();
				await stopPdfThread();
				await closeDatabase();
				shareConfig(undefined);
			})())
	};
}

/** Prints the demo school's logins, one per role. */
export function printDemo(demo: DemoSummary): void {
	const c = demo.counts;
	const n = (count: number, forms: PluralForms) => `${count} ${pluralRu(count, forms)}`;
	console.log(
		`Создана демонстрационная школа: ${n(c.classes, ['класс', 'класса', 'классов'])}, ${n(c.students, ['ученик', 'ученика', 'учеников'])}, ` +
			`${n(c.parents, ['родитель', 'родителя', 'родителей'])}, ${n(c.teachers, ['учитель', 'учителя', 'учителей'])}, ` +
			`${n(c.lessons, ['урок', 'урока', 'уроков'])}, ${n(c.marks, ['оценка', 'оценки', 'оценок'])}, ${n(c.absences, ['пропуск', 'пропуска', 'пропусков'])}.`
	);
	console.log('Демо-входы (пароль у всех: demo):');
	for (const login of demo.logins) console.log(`  ${login.login.padEnd(10)} ${login.name} — ${login.note}`);
}

/** The SMTP server's host and port, never its credentials. */
function smtpHost(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return '(адрес не разобран)';
	}
}

/** Says what a started server is and where: the demo logins or the setup link, the address. */
function announce(server: RunningServer, config: Config, t0: number): void {
	if (server.demo) printDemo(server.demo);
	if (server.setupUrl) console.log(`Школа ещё не создана. Откройте ссылку (действует один раз), чтобы создать школу и её администратора:\n  ${server.setupUrl}`);
	if (config.mail) console.log(`Уведомления уходят и письмами: SMTP ${smtpHost(config.mail.smtpUrl)}, отправитель ${config.mail.from}`);
	console.log(`Журнал работает: http://localhost:${server.port} (${config.databaseUrl ? 'PostgreSQL' : `встроенная база в ${config.dataDir}`}), запуск ${Math.round(performance.now() - t0)} мс`);
}

/**
 * Runs the server from the environment's configuration until a signal stops it. A backup uploaded
 * on the first-start page of an empty install is restored here: the server stops, the file is
 * restored into its (empty) database, and the server starts again on the same port.
 */
export async function main(): Promise<void> {
	const config = readConfig();
	const t0 = performance.now();
	let server = await startServer(config);
	announce(server, config, t0);
	let stopping = false;
	let restoring: Promise<void> | undefined;
	onRestoreRequested((file) => {
		restoring ??= (async () => {
			const status = readRestoreStatus(config);
			console.log(`Восстанавливаю школу из загруженной резервной копии…`);
			await server.close();
			forgetStarted();
			try {
				const restored = await restoreBackup(file, config, { force: true });
				if (status) writeRestoreStatus(config, { ...status, state: 'done', at: new Date().toISOString(), counts: restored.counts });
				console.log(`Восстановлено за ${restored.ms} мс: копия от ${new Date(restored.manifest.createdAt).toLocaleString('ru-RU')}.`);
			} catch (error) {
				const message = error instanceof BackupError ? error.message : `Не удалось восстановить копию: ${(error as Error).message}`;
				if (status) writeRestoreStatus(config, { ...status, state: 'failed', at: new Date().toISOString(), message });
				console.error(message);
			} finally {
				fs.rmSync(file, { force: true });
			}
			if (stopping) process.exit(0);
			const again = performance.now();
			server = await startServer({ ...config, port: server.port });
			announce(server, config, again);
			restoring = undefined;
		})();
	});
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`${signal}: останавливаюсь…`);
		if (restoring) return;
		await server.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	main().catch((error) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
}
