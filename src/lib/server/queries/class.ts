/** Reads of a class for its class teacher, its teachers and the administration: the class page and its marks sheet. */
import type { Ctx } from '../context.ts';
import { classRoster, findClass, journalsOfClass } from '../db/school.ts';
import { weekAcksOf } from '../db/diary.ts';
import { pendingCodesOf } from '../db/accounts.ts';
import { classProfiles } from '../db/profiles.ts';
import { profileDue } from '../../domain/profiles.ts';
import { addDays } from '../../domain/dates.ts';
import { mondayOf } from '../../domain/diary.ts';
import { classTeacherWritesOf } from '../db/settings.ts';
import { classForecastOf } from './standing.ts';
import { classMarksSheet } from './class-marks.ts';
import { parseId } from '../../domain/ids.ts';
import { accountsResource, classResource, journalResource, may, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from '../commands/outcome.ts';

const CLASS_NOT_FOUND = 'Класс не найден.';

/** The class of an id (untrusted) when the actor may read it; otherwise not_found, the same whether the class exists or not. */
async function readableClass(ctx: Ctx, actor: Actor, classId: unknown) {
	const id = parseId(classId);
	const found = id === undefined ? undefined : await findClass(ctx.sql, id);
	if (!found || !may(actor, 'read', classResource(found))) return refuse('not_found', CLASS_NOT_FOUND);
	return done(found);
}

/** A class: roster with arrivals and departures, parents and their «ознакомлен» under this and last week, journals, and its forecast for the current period. */
export async function classPage(ctx: Ctx, actor: Actor, classId: unknown) {
	const found = await readableClass(ctx, actor, classId);
	if (!found.ok) return found;
	const klass = found.value;
	const roster = await classRoster(ctx.sql, klass.classId);
	// which parents confirmed having seen this week of the diary (and the week before, for a Monday morning).
	const thisWeek = mondayOf(ctx.today);
	const lastWeek = addDays(thisWeek, -7);
	const ids = roster.map((s) => s.studentId);
	const [thisAcks, lastAcks] = await Promise.all([weekAcksOf(ctx.sql, ids, thisWeek), weekAcksOf(ctx.sql, ids, lastWeek)]);
	const names = (acks: typeof thisAcks, id: number) => (acks.get(id) ?? []).map((a) => a.parentName);
	const canIssueCodes = may(actor, 'manage', accountsResource(klass.schoolId, [klass.classId]));
	// Until when each pupil's and parent's unused code works, for whoever hands codes out.
	const pending = canIssueCodes ? await pendingCodesOf(ctx.sql, roster.flatMap((s) => [s.studentId, ...s.parents.map((p) => p.personId)])) : new Map<number, Date>();
	const codeUntil = (id: number) => pending.get(id)?.toISOString() ?? null;
	return done({
		classId: klass.classId,
		name: klass.name,
		roster: roster.map((s) => ({
			...s,
			codeUntil: codeUntil(s.studentId),
			parents: s.parents.map((p) => ({ ...p, codeUntil: codeUntil(p.personId) })),
			acked: { thisWeek: names(thisAcks, s.studentId), lastWeek: names(lastAcks, s.studentId) }
		})),
		weeks: { thisWeek, lastWeek },
		journals: await journalsOfClass(ctx.sql, klass.classId),
		forecast: await classForecastOf(ctx.sql, klass, ctx.today),
		canIssueCodes,
		// profiles never checked or checked more than a month ago, for whoever keeps the class.
		profilesDue: may(actor, 'write', classResource(klass)) ? (await classProfiles(ctx.sql, klass.classId, ctx.today)).filter((p) => profileDue(p.verifiedOn, ctx.today)) : null,
		codesPending: pending.size,
		notActivated: new Set(
			roster
				.filter((s) => s.departedOn === null || s.departedOn >= ctx.today)
				.flatMap((s) => [{ personId: s.studentId, hasAccount: s.hasAccount }, ...s.parents])
				.filter((p) => !p.hasAccount)
				.map((p) => p.personId)
		).size
	});
}

/** The class sheet of one period's (or the year's) marks across every subject journal, with who may write each column: the class teacher as far as the school allows. */
export async function classMarksPage(ctx: Ctx, actor: Actor, classId: unknown, askedPeriod: string | null) {
	const found = await readableClass(ctx, actor, classId);
	if (!found.ok) return found;
	const klass = found.value;
	const { journalHeaders, periods, ...sheet } = await classMarksSheet(ctx.sql, klass, askedPeriod, ctx.today);
	const classTeacherWrites = await classTeacherWritesOf(ctx.sql, klass.schoolId);
	return done({
		name: klass.name,
		classId: klass.classId,
		today: ctx.today,
		periods: periods.map((p) => ({ id: p.id, name: p.name })),
		...sheet,
		// Per journal: its teachers and the admin write, the class teacher if the school allows; everyone else here reads.
		canWrite: journalHeaders.map((j) => may(actor, 'write', journalResource(j, { classTeacherWrites, part: 'period_marks' })))
	});
}

/** The actor may read the class (the class sheet's actions ask first). */
export async function mayReadClass(ctx: Ctx, actor: Actor, classId: unknown): Promise<Outcome<number>> {
	const found = await readableClass(ctx, actor, classId);
	return found.ok ? done(found.value.classId) : found;
}
