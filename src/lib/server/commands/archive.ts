/**
 * The year's archive (R-2.3, R-6.3): at the end of a year the administrator has every journal
 * printed for the whole year, every class's summary sheet of each of its periods, the school's
 * reports of each period and of the year, and journal control of each period put into one ZIP of
 * PDFs, named as a person would look for them («Журналы/7А Алгебра.pdf», «Сводные ведомости/7А
 * 1 четверть.pdf»), under DATA_DIR/archives. It is made in the background, one file at a time (drawn in
 * the PDF thread), while the page shows how far it has got from the job's row; one at a time per
 * school among all the instances, claimed in the database.
 */
import type { Ctx } from '../context.ts';
import type { Config } from '../config.ts';
import { writeAudit } from '../db/audit.ts';
import { journalHeadersOfYear } from '../db/journal.ts';
import { periodsOfYear } from '../db/periods.ts';
import { classesOfYear } from '../db/school.ts';
import { yearsOfSchool } from '../db/years.ts';
import { claimArchiveJob, failStaleArchiveJobs, finishArchiveJob, recordArchiveProgress } from '../db/archive-jobs.ts';
import { ARCHIVE_STALE_MS, archiveFileName, startZip, thisInstance, type ArchiveJob } from '../archives.ts';
import { printJournal, printedJournalFile, WHOLE_YEAR } from '../queries/printed-journal.ts';
import { classReport, periodLabel, schoolReport, YEAR_REPORT } from '../queries/reports.ts';
import { journalControl } from '../queries/journal-control.ts';
import { periodsOfGrade } from '../../domain/periods.ts';
import { reportPdf } from '../documents/report-files.ts';
import { parseId } from '../../domain/ids.ts';
import { decide, reportsResource, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/** Russian messages of the archive. */
export const ARCHIVE_MESSAGES = {
	noYear: 'Выберите учебный год школы.',
	running: 'Архив уже собирается: дождитесь, пока он будет готов.',
	lost: 'Сборка архива прервалась: сервер, который его собирал, остановился. Соберите архив снова.',
	overtaken: 'сборка признана прерванной (сервер долго не отмечался в ней).',
	started: 'Архив собирается; страницу можно закрыть — готовый файл появится в списке.',
	failed: (reason: string) => `Архив не собран: ${reason}`
} as const;

/** Folders of the archive. */
const JOURNALS = 'Журналы';
const SUMMARIES = 'Сводные ведомости';
const REPORTS = 'Отчёты';
const CONTROL = 'Контроль ведения журналов';

/** A name as a file in the ZIP may have it: no slashes or characters some systems refuse. */
function fileName(name: string): string {
	return name.replace(/[\\/:*?"<>|]/g, '_');
}

/** A job being made in this process. */
interface Making {
	id: number;
	schoolId: number;
	yearId: number;
	name: string;
}

/**
 * Starts making the archive of a year of the school (`yearId`, untrusted). Checks: the actor may
 * manage the school's reports (the administrator); the year is the school's; no archive of the
 * school is being made on any instance. In one transaction a running job whose instance stopped
 * (no heartbeat for ARCHIVE_STALE_MS) is ended as failed, and the new job's row is inserted: the
 * row is the claim, so two instances asked at once make one archive. Then the job runs in the
 * background (`makeYearArchive`) and this returns at once with the job as it starts.
 */
export async function startYearArchive(ctx: Ctx, actor: Actor, input: { yearId: unknown; config: Config }): Promise<Outcome<ArchiveJob>> {
	const decision = decide(actor, 'manage', reportsResource(actor.schoolId));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const yearId = parseId(input.yearId);
	const year = (await yearsOfSchool(ctx.sql, actor.schoolId)).find((y) => y.id === yearId);
	if (!year) return refuse('invalid', ARCHIVE_MESSAGES.noYear);
	const now = new Date();
	const name = archiveFileName(year.name, now);
	const id = await ctx.sql.begin(async (tx) => {
		await failStaleArchiveJobs(tx, actor.schoolId, ARCHIVE_STALE_MS, ARCHIVE_MESSAGES.lost);
		const claimed = await claimArchiveJob(tx, { schoolId: actor.schoolId, yearId: year.id, startedBy: actor.personId, fileName: name, instance: thisInstance() });
		if (claimed !== undefined) await writeAudit(tx, { actorId: actor.personId, action: 'archive.start', entity: 'archive', entityId: name, newValue: { yearId: year.id } });
		return claimed;
	});
	if (id === undefined) return refuse('conflict', ARCHIVE_MESSAGES.running);
	void makeYearArchive(ctx, actor, { id, schoolId: actor.schoolId, yearId: year.id, name }, input.config);
	return done({ yearId: year.id, yearName: year.name, state: 'running', total: 0, made: 0, name, startedAt: now.toISOString() });
}

/**
 * Makes the archive of the job: the year's journals, each printed for the whole year; each class's
 * summary sheet of each period of its grade; the school report of each period and of the year;
 * journal control of each period. The job's row counts every file made (and so renews its
 * heartbeat). The PDFs are drawn in the PDF thread, so the event loop stays free for the live
 * journal. When it is complete the file appears under its name, the row says done and an audit
 * row records who made it; a failure leaves no file and the row says why. A job ended meanwhile
 * as stale (this instance was too slow to be heard of) stops and leaves no file.
 */
export async function makeYearArchive(ctx: Ctx, actor: Actor, job: Making, config: Config): Promise<void> {
	const zip = startZip(config, job.name);
	try {
		const journals = await journalHeadersOfYear(ctx.sql, job.yearId);
		const periods = (await periodsOfYear(ctx.sql, job.yearId)).sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.gradeFrom - b.gradeFrom);
		const reports = [...periods.map((p) => ({ id: String(p.id), name: periodLabel(p, periods) })), { id: String(YEAR_REPORT), name: 'учебный год' }];
		const sheets = (await classesOfYear(ctx.sql, job.yearId)).flatMap((c) => periodsOfGrade(periods, c.grade).map((p) => ({ classId: c.classId, className: c.name, periodId: String(p.id), name: p.name })));
		const controls = periods.map((p) => ({ id: String(p.id), name: periodLabel(p, periods) }));
		const progress = { made: 0, total: journals.length + sheets.length + reports.length + controls.length };
		const made = async () => {
			progress.made += 1;
			await step();
		};
		const step = async () => {
			if (!(await recordArchiveProgress(ctx.sql, job.id, progress))) throw new Error(ARCHIVE_MESSAGES.overtaken);
		};
		await step();
		for (const journal of journals) {
			const printed = await printJournal(ctx, journal, WHOLE_YEAR);
			if (printed.ok) zip.add(`${JOURNALS}/${printed.value.name.replace(/ учебный год$/, '')}.pdf`, await printedJournalFile(printed.value));
			await made();
		}
		for (const sheet of sheets) {
			const page = await classReport(ctx, actor, sheet.classId, sheet.periodId);
			if (page.ok) zip.add(`${SUMMARIES}/${fileName(`${sheet.className} ${sheet.name}`)}.pdf`, await reportPdf(page.value.report, { school: page.value.school, date: page.value.date }));
			await made();
		}
		for (const report of reports) {
			const page = await schoolReport(ctx, actor, report.id, job.yearId);
			if (page.ok) zip.add(`${REPORTS}/${fileName(`${page.value.report.title} — ${report.name}`)}.pdf`, await reportPdf(page.value.report, { school: page.value.school, date: page.value.date }));
			await made();
		}
		for (const control of controls) {
			const page = await journalControl(ctx, actor, control.id, null, job.yearId);
			if (page.ok) zip.add(`${CONTROL}/${fileName(control.name)}.pdf`, await reportPdf(page.value.report, { school: page.value.school, date: page.value.date }));
			await made();
		}
		const size = await zip.finish();
		await ctx.sql.begin(async (tx) => {
			await finishArchiveJob(tx, job.id, { state: 'done' });
			await writeAudit(tx, { actorId: actor.personId, action: 'archive.create', entity: 'archive', entityId: job.name, newValue: { yearId: job.yearId, journals: journals.length, sheets: sheets.length, reports: reports.length, controls: controls.length, size } });
		});
	} catch (error) {
		zip.abandon();
		const message = ARCHIVE_MESSAGES.failed((error as Error).message);
		console.error(message);
		await ctx.sql.begin((tx) => finishArchiveJob(tx, job.id, { state: 'failed', error: message })).catch((e) => console.error('Архив: состояние сборки не записано:', e));
	}
}
