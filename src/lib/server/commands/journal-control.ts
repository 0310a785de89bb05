/**
 * The deputy's reminders about journals: in one action, each teacher with
 * findings in the period gets a notice of their own findings, shown on their home page until
 * fixed. The findings are recomputed here from the rows, never taken from the form.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { insertControlNotice, lockControlNotices, sentFindingKeys } from '../db/journal-control.ts';
import { controlFindingsByTeacher } from '../queries/journal-control.ts';
import { pluralRu } from '../../domain/plural.ts';
import { unsentFindings, type ControlFinding } from '../../domain/journal-control.ts';
import { decide, reportsResource, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/** Russian messages of the reminders. */
export const CONTROL_MESSAGES = {
	nothing: 'Замечаний нет: напоминать не о чем.',
	alreadySent: 'Новых замечаний нет: о найденных учителям уже напомнили, они видят их на главной странице до исправления.',
	sent: (teachers: number, findings: number) =>
		`Напоминания отправлены: ${teachers} ${pluralRu(teachers, ['учителю', 'учителям', 'учителям'])}, ${findings} ${pluralRu(findings, ['замечание', 'замечания', 'замечаний'])}.`
} as const;

/**
 * Sends each teacher their own findings of journal control for the period (`period`: an id as
 * text, else the current one) that no earlier notice to them holds: one notice per teacher with
 * such findings, stored with an audit row in one transaction. A second click stores nothing (the
 * senders of a school are serialised, and what was sent is read inside the transaction). Checks:
 * the actor may write the school's reports (the administration); refused as `conflict` when there
 * is nothing to remind of, or nothing new.
 */
export async function sendControlNotices(ctx: Ctx, actor: Actor, input: { period: unknown }): Promise<Outcome<{ teachers: number; findings: number; message: string }>> {
	const decision = decide(actor, 'write', reportsResource(actor.schoolId));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const found = await controlFindingsByTeacher(ctx, actor.schoolId, typeof input.period === 'string' ? input.period : null);
	if (!found.ok) return found;
	const { byTeacher, period } = found.value;
	if (byTeacher.size === 0) return refuse('conflict', CONTROL_MESSAGES.nothing);
	const sent = await ctx.sql.begin(async (tx) => {
		await lockControlNotices(tx, actor.schoolId);
		const fresh = unsentFindings(byTeacher, await sentFindingKeys(tx, actor.schoolId, [...byTeacher.keys()]));
		for (const [teacherId, own] of fresh) {
			const id = await insertControlNotice(tx, { schoolId: actor.schoolId, teacherId, sentBy: actor.personId, sentOn: ctx.today, findings: own });
			await writeAudit(tx, { actorId: actor.personId, action: 'control_notice.send', entity: 'control_notice', entityId: id, newValue: { teacherId, periodId: period.id, findings: own.map((f) => f.key) } });
		}
		return fresh;
	});
	if (sent.size === 0) return refuse('conflict', CONTROL_MESSAGES.alreadySent);
	const findings = [...sent.values()].reduce((n, own: ControlFinding[]) => n + own.length, 0);
	return done({ teachers: sent.size, findings, message: CONTROL_MESSAGES.sent(sent.size, findings) });
}
