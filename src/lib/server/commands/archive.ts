/**
 * The year's archive: at the end of a year the administrator has every journal
 * printed for the whole year and the school's reports of each period and of the year put into one
 * ZIP of PDFs under DATA_DIR/archives. It is made in the background, one file at a time, while the
 * page shows how far it has got; one at a time per process.
 */
import type { Ctx } from '../context.ts';
import type { Config } from '../config.ts';
import { writeAudit } from '../db/audit.ts';
import { journalHeadersOfYear } from '../db/journal.ts';
import { periodsOfYear } from '../db/periods.ts';
import { yearsOfSchool } from '../db/years.ts';
import { archiveFileName, archiveJob, setArchiveJob, startZip, type ArchiveJob } from '../archives.ts';
import { printJournal, printedJournalFile, WHOLE_YEAR } from '../queries/printed-journal.ts';
import { periodLabel, schoolReport, YEAR_REPORT } from '../queries/reports.ts';
import { reportPdf } from '../documents/report-files.ts';
import { parseId } from '../../domain/ids.ts';
import { decide, reportsResource, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/** Russian messages of the archive. */
export const ARCHIVE_MESSAGES = {
	noYear: 'Выберите учебный год школы.',
	running: 'Архив уже собирается: дождитесь, пока он будет готов.',
	started: 'Архив собирается; страницу можно закрыть — готовый файл появится в списке.',
	failed: (reason: string) => `Архив не собран: ${reason}`
} as const;

/** Folders of the archive. */
const JOURNALS = 'Журналы';
const REPORTS = 'Отчёты';

/**
 * Starts making the archive of a year of the school (`yearId`, untrusted). Checks: the actor may
 * manage the school's reports (the administrator); the year is the school's; no archive is being
 * made in this process. Then the job runs in the background (`makeYearArchive`) and this returns
 * at once with the job as it starts.
 */
export async function startYearArchive(ctx: Ctx, actor: Actor, input: { yearId: unknown; config: Config }): Promise<Outcome<ArchiveJob>> {
	const decision = decide(actor, 'manage', reportsResource(actor.schoolId));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const yearId = parseId(input.yearId);
	const year = (await yearsOfSchool(ctx.sql, actor.schoolId)).find((y) => y.id === yearId);
	if (!year) return refuse('invalid', ARCHIVE_MESSAGES.noYear);
	if (archiveJob()?.state === 'running') return refuse('conflict', ARCHIVE_MESSAGES.running);
	const now = new Date();
	const job: ArchiveJob = { schoolId: actor.schoolId, yearId: year.id, yearName: year.name, state: 'running', total: 0, made: 0, name: archiveFileName(year.name, now), startedAt: now.toISOString() };
	setArchiveJob(job);
	void makeYearArchive(ctx, actor, job, input.config);
	return done({ ...job });
}

/**
 * Makes the archive of the job: the year's journals, each printed for the whole year, then the
 * school report of each period and of the year; the progress is updated after every file, and
 * the event loop is let go between them. When it is complete the file appears under its name
 * and an audit row records who made it; a failure leaves no file and says why.
 */
export async function makeYearArchive(ctx: Ctx, actor: Actor, job: ArchiveJob, config: Config): Promise<void> {
	const zip = startZip(config, job.name);
	try {
		const journals = await journalHeadersOfYear(ctx.sql, job.yearId);
		const periods = (await periodsOfYear(ctx.sql, job.yearId)).sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.gradeFrom - b.gradeFrom);
		const reports = [...periods.map((p) => ({ id: String(p.id), name: periodLabel(p, periods) })), { id: String(YEAR_REPORT), name: 'учебный год' }];
		job.total = journals.length + reports.length;
		setArchiveJob({ ...job });
		const step = async () => {
			job.made += 1;
			setArchiveJob({ ...job });
			await new Promise((resolve) => setImmediate(resolve));
		};
		for (const journal of journals) {
			const printed = await printJournal(ctx, journal, WHOLE_YEAR);
			if (printed.ok) zip.add(`${JOURNALS}/${printed.value.name.replace(/ учебный год$/, '')}.pdf`, await printedJournalFile(printed.value));
			await step();
		}
		for (const report of reports) {
			const page = await schoolReport(ctx, actor, report.id, job.yearId);
			if (page.ok) zip.add(`${REPORTS}/${page.value.report.title} — ${report.name}.pdf`, await reportPdf(page.value.report, { school: page.value.school, date: page.value.date }));
			await step();
		}
		const size = await zip.finish();
		await ctx.sql.begin((tx) =>
			writeAudit(tx, { actorId: actor.personId, action: 'archive.create', entity: 'archive', entityId: job.name, newValue: { yearId: job.yearId, journals: journals.length, reports: reports.length, size } })
		);
		setArchiveJob({ ...job, state: 'done' });
	} catch (error) {
		zip.abandon();
		const message = ARCHIVE_MESSAGES.failed((error as Error).message);
		console.error(message);
		setArchiveJob({ ...job, state: 'failed', message });
	}
}
