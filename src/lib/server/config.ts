/**
 * Every environment variable the server reads, in one place, with defaults that make
 * `npm start` work on a fresh machine (embedded database under ./data, port 3000).
 */
import path from 'node:path';
import { KNOWN_PUSH_HOSTS } from '../domain/push.ts';
import { DEFAULT_RISK_NOTICE_DAYS } from '../domain/notifications.ts';

export interface Config {
	/** PostgreSQL connection string; when empty the embedded PGlite database is used. */
	databaseUrl: string | undefined;
	/** Where the embedded database, uploaded files and the instance lock live. */
	dataDir: string;
	/** HTTP (and websocket) port. */
	port: number;
	/** Host to bind to. */
	host: string;
	/** The public origin (https://school.example); also the only origin the websocket accepts. */
	origin: string | undefined;
	/** Redis for sharing live journals between instances. */
	redisUrl: string | undefined;
	/** Namespace of this deployment's keys and channels in Redis (several deployments may share one Redis). */
	redisPrefix: string;
	/** Create and print the demo school when the database is empty. */
	demo: boolean;
	/** Seed of the demo school generator. */
	demoSeed: number;
	/** Size of the demo school: classes per grade and students per class (smaller in tests). */
	demoSize: { classesPerGrade: number; studentsPerClass: number };
	/** Session lifetime in days; sliding: refreshed when half is used. */
	sessionDays: number;
	/** The school's time zone: decides what "today" is. */
	timeZone: string;
	/** A fixed "today" (YYYY-MM-DD) for demos and tests; the real date when unset. */
	today: string | undefined;
	/** Where files attached to lessons are kept; DATA_DIR/attachments by default. */
	attachmentsDir: string;
	/** Cell edits after which an open journal document is rebuilt from the rows; by default twice its cells (at least 2000). */
	collabCompactAfter: number | undefined;
	/** A journal past `collabCompactAfter` is rebuilt only once nobody has changed a cell for this long (ms): compaction never interrupts people editing. */
	collabCompactIdleMs: number;
	/** Document writes one live-journal socket may send at once, and per second on average; past that they wait, and a socket that keeps on is closed. */
	collabRate: { burst: number; perSecond: number };
	/** How often (ms) every open live-journal connection is checked again against its session and the policy. */
	collabRecheckMs: number;
	/** Request header with the client's address, set by a trusted proxy (`x-forwarded-for`, `x-real-ip`); unset: the connection's own address. */
	addressHeader: string | undefined;
	/** Where backups are kept (DATA_DIR/backups by default; a second disk is better). */
	backupDir: string;
	/** The school's hour (0–23, school time zone) of the nightly backup; undefined: no schedule (BACKUP_HOUR=off). */
	backupHour: number | undefined;
	/** With `x-forwarded-for`: how many trusted proxies append to it, i.e. which entry from the right is the client (1: the one the nearest proxy added). */
	xffDepth: number;
	/** E-mail of notifications over SMTP (SMTP_URL and SMTP_FROM); undefined: no e-mail is sent. */
	mail: MailConfig | undefined;
	/** How long (ms) a journal event's e-mail waits for more events of the same save to join it (NOTIFY_SETTLE_MS, 2 min). */
	notifySettleMs: number;
	/** Web push of notifications (VAPID keys are made on the first start and kept in the database). */
	push: PushConfig;
	/** Within how many days of a period's end the daily check tells families of a risk of «2» or «н/а» (RISK_NOTICE_DAYS, 14; 0: off). */
	riskNoticeDays: number;
	/** How often (ms) the scheduled notices are looked at: announcements due, the daily risk check (NOTICE_SCHEDULE_MS, 60 s; `off`: never, for tests that move the clock). */
	noticeScheduleMs: number | undefined;
}

/** How notifications go out by web push. */
export interface PushConfig {
	/** Whether the server sends push at all (PUSH=off turns it off). */
	on: boolean;
	/** The VAPID contact: an https: URL or a mailto: address (PUSH_SUBJECT; ORIGIN, else the SMTP sender, by default). */
	subject: string;
	/** The first retry waits this long (ms); each next one twice as long (PUSH_RETRY_MS, 60 s). */
	retryMs: number;
	/** Attempts before a notification's push is given up (PUSH_ATTEMPTS, 8). */
	attempts: number;
	/** How long a claimed push is reserved for its deliverer (ms, PUSH_LEASE_MS, 5 min). */
	leaseMs: number;
	/** How often the deliverer looks for due pushes (ms, PUSH_POLL_MS, 5 s). */
	pollMs: number;
	/** Accept subscriptions whose push service is plain http (PUSH_INSECURE_ENDPOINTS=1; for tests with a local push service only). */
	insecureEndpoints: boolean;
	/** The push services' hosts a subscription may lead to (PUSH_HOSTS, comma-separated, `*.` for subdomains; the known browsers' services by default). */
	hosts: string[];
}

/** How notifications go out by e-mail. */
export interface MailConfig {
	/** The SMTP server: smtp://host:587 (STARTTLS when offered), smtps://host:465; may carry user:password. */
	smtpUrl: string;
	/** SMTP login, when not in the URL (SMTP_USER). */
	user: string | undefined;
	/** SMTP password, when not in the URL (SMTP_PASSWORD). */
	password: string | undefined;
	/** The sender: `Школа № 1 <journal@school.example>` (SMTP_FROM). */
	from: string;
	/** The first retry waits this long (ms); each next one twice as long (MAIL_RETRY_MS, 60 s). */
	retryMs: number;
	/** Attempts before a notification's letter is given up (MAIL_ATTEMPTS, 8). */
	attempts: number;
	/** How long a claimed letter is reserved for its deliverer (ms); after that another may take it (MAIL_LEASE_MS, 5 min). */
	leaseMs: number;
	/** How often the deliverer looks for due letters (ms, MAIL_POLL_MS, 5 s). */
	pollMs: number;
}

/** Reads the configuration from an environment (process.env by default). */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const port = Number(env.PORT ?? 3000);
	const dataDir = path.resolve(env.DATA_DIR || 'data');
	return {
		databaseUrl: env.DATABASE_URL || undefined,
		dataDir,
		port: Number.isInteger(port) && port >= 0 ? port : 3000,
		host: env.HOST || '0.0.0.0',
		origin: env.ORIGIN || undefined,
		redisUrl: env.REDIS_URL || undefined,
		redisPrefix: env.REDIS_PREFIX || 'zhurnal',
		demo: env.DEMO !== '0',
		demoSeed: Number(env.DEMO_SEED ?? 2026) || 2026,
		demoSize: {
			classesPerGrade: Number(env.DEMO_CLASSES_PER_GRADE ?? 2) || 2,
			studentsPerClass: Number(env.DEMO_STUDENTS_PER_CLASS ?? 25) || 25
		},
		sessionDays: Number(env.SESSION_DAYS ?? 30) || 30,
		timeZone: env.TZ_SCHOOL || 'Europe/Moscow',
		today: /^\d{4}-\d{2}-\d{2}$/.test(env.TODAY ?? '') ? env.TODAY : undefined,
		attachmentsDir: path.resolve(env.ATTACHMENTS_DIR || path.join(dataDir, 'attachments')),
		collabCompactAfter: Number(env.COLLAB_COMPACT_AFTER) > 0 ? Number(env.COLLAB_COMPACT_AFTER) : undefined,
		collabCompactIdleMs: positive(env.COLLAB_COMPACT_IDLE_MS, 60_000),
		collabRate: { burst: positive(env.COLLAB_RATE_BURST, 200), perSecond: positive(env.COLLAB_RATE_PER_SECOND, 20) },
		collabRecheckMs: positive(env.COLLAB_RECHECK_MS, 60_000),
		addressHeader: env.ADDRESS_HEADER?.trim().toLowerCase() || undefined,
		backupDir: path.resolve(env.BACKUP_DIR || path.join(dataDir, 'backups')),
		backupHour: backupHour(env.BACKUP_HOUR),
		xffDepth: Number.isInteger(Number(env.XFF_DEPTH)) && Number(env.XFF_DEPTH) >= 1 ? Number(env.XFF_DEPTH) : 1,
		mail: mailConfig(env),
		notifySettleMs: positive(env.NOTIFY_SETTLE_MS, 120_000),
		push: {
			on: env.PUSH !== 'off',
			subject: pushSubject(env),
			retryMs: positive(env.PUSH_RETRY_MS, 60_000),
			attempts: Math.round(positive(env.PUSH_ATTEMPTS, 8)),
			leaseMs: positive(env.PUSH_LEASE_MS, 300_000),
			pollMs: positive(env.PUSH_POLL_MS, 5_000),
			insecureEndpoints: env.PUSH_INSECURE_ENDPOINTS === '1',
			hosts: pushHosts(env.PUSH_HOSTS)
		},
		riskNoticeDays: riskNoticeDays(env.RISK_NOTICE_DAYS),
		noticeScheduleMs: env.NOTICE_SCHEDULE_MS === 'off' ? undefined : positive(env.NOTICE_SCHEDULE_MS, 60_000)
	};
}

/** E-mail is on only with both a server and a sender. */
function mailConfig(env: NodeJS.ProcessEnv): MailConfig | undefined {
	const smtpUrl = env.SMTP_URL?.trim();
	const from = env.SMTP_FROM?.trim();
	if (!smtpUrl || !from) return undefined;
	return {
		smtpUrl,
		user: env.SMTP_USER || undefined,
		password: env.SMTP_PASSWORD || undefined,
		from,
		retryMs: positive(env.MAIL_RETRY_MS, 60_000),
		attempts: Math.round(positive(env.MAIL_ATTEMPTS, 8)),
		leaseMs: positive(env.MAIL_LEASE_MS, 300_000),
		pollMs: positive(env.MAIL_POLL_MS, 5_000)
	};
}

/** The VAPID contact push services may use: PUSH_SUBJECT, else the https origin, else the SMTP sender's address. */
function pushSubject(env: NodeJS.ProcessEnv): string {
	if (env.PUSH_SUBJECT?.trim()) return env.PUSH_SUBJECT.trim();
	if (env.ORIGIN?.startsWith('https://')) return env.ORIGIN;
	const address = /<?([^<>\s]+@[^<>\s]+)>?\s*$/.exec(env.SMTP_FROM ?? '')?.[1];
	return `mailto:${address ?? 'journal@school.invalid'}`;
}

/** The push hosts from PUSH_HOSTS (comma- or space-separated), else the known browsers' services. */
function pushHosts(value: string | undefined): string[] {
	const hosts = (value ?? '').split(/[\s,]+/).map((h) => h.trim().toLowerCase()).filter(Boolean);
	return hosts.length > 0 ? hosts : [...KNOWN_PUSH_HOSTS];
}

/** RISK_NOTICE_DAYS: a whole number of days 0–60 (0 turns the daily risk check off); 14 otherwise. */
function riskNoticeDays(value: string | undefined): number {
	const n = Number(value);
	return value && Number.isInteger(n) && n >= 0 && n <= 60 ? n : DEFAULT_RISK_NOTICE_DAYS;
}

function backupHour(value: string | undefined): number | undefined {
	if (value === 'off') return undefined;
	const n = Number(value);
	return value && Number.isInteger(n) && n >= 0 && n <= 23 ? n : 2;
}

function positive(value: string | undefined, fallback: number): number {
	const n = Number(value);
	return value && Number.isFinite(n) && n > 0 ? n : fallback;
}

// The SvelteKit bundle and the server entry are two module copies in one process: the entry
// shares the configuration it was started with, so routes see the same one (a test starts the
// server with its own configuration, not the environment's).
const SHARED = Symbol.for('zhurnal.config');
type Holder = { [SHARED]?: Config };

/** Makes the configuration the server was started with the one every module copy sees. */
export function shareConfig(config: Config | undefined): void {
	if (config) (globalThis as Holder)[SHARED] = config;
	else delete (globalThis as Holder)[SHARED];
}

/** The configuration the server was started with, if it shared one. */
export function sharedConfig(): Config | undefined {
	return (globalThis as Holder)[SHARED];
}
