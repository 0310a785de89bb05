/**
 * What a family does with the diary: the moment a parent or a pupil last opened a pupil's diary, so
 * their home page can say what is new since (R-2.8, R-3.6; staff reading a diary leave nothing; not
 * a school record, so no audit row), and a parent's «ознакомлен» under a week.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { insertWeekAck, recordDiaryVisit } from '../db/diary.ts';
import { studentFor } from '../queries/diary.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { markDiaryNotificationsRead } from '../db/notifications.ts';
import { notifyInboxChanged } from '../inbox-events.ts';
import { mondayOf } from '../../domain/diary.ts';
import { decide, weekAckResource, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/**
 * Notes that the actor opened the student's diary, when it is their own or their child's; the
 * actor's notifications of the journal about that pupil (marks, homework, absences, risks — they
 * lead to the diary) are read now, and the actor's open pages hear it (the badge).
 */
export async function noteDiaryVisit(ctx: Ctx, actor: Actor, studentId: number): Promise<Outcome<{ noted: boolean }>> {
	const family = actor.personId === studentId || actor.childIds.includes(studentId);
	if (!family) return done({ noted: false });
	await recordDiaryVisit(ctx.sql, actor.personId, studentId, new Date());
	if ((await markDiaryNotificationsRead(ctx.sql, actor.personId, studentId)) > 0) notifyInboxChanged([actor.personId], 'read');
	return done({ noted: true });
}

export const WEEK_ACK_MESSAGES = {
	badWeek: 'Неделя указывается датой её понедельника: ГГГГ-ММ-ДД.',
	future: 'Эта неделя ещё не началась: подтвердить можно неделю, которая уже идёт или прошла.'
} as const;

/**
 * A parent confirms having seen a week of their child's diary («Ознакомлен», R-4.3.5): once per
 * week and parent, with an audit row; the class teacher sees it on the class page. A pupil the
 * actor may not see is not found; a person who sees the pupil but is not their parent is refused.
 */
export async function acknowledgeWeek(ctx: Ctx, actor: Actor, input: { studentId: unknown; week: unknown }): Promise<Outcome<{ monday: string; recorded: boolean }>> {
	const found = await studentFor(ctx, actor, input.studentId);
	if (!found.ok) return found;
	const studentId = found.value.studentId;
	const decision = decide(actor, 'write', weekAckResource({ schoolId: actor.schoolId, studentId }));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	if (typeof input.week !== 'string' || !isIsoDate(input.week)) return refuse('invalid', WEEK_ACK_MESSAGES.badWeek);
	const monday = mondayOf(input.week);
	if (monday > ctx.today) return refuse('invalid', WEEK_ACK_MESSAGES.future);
	const recorded = await ctx.sql.begin(async (tx) => {
		const added = await insertWeekAck(tx, studentId, actor.personId, monday);
		if (added) await writeAudit(tx, { actorId: actor.personId, action: 'week.ack', entity: 'diary_week', entityId: `${studentId}:${monday}`, newValue: { studentId, monday } });
		return added;
	});
	return done({ monday, recorded });
}
