/**
 * What a family's reading of the diary leaves behind: the moment a parent or a pupil
 * last opened a pupil's diary, so their home page can say what is new since. Staff reading a diary
 * leave nothing. Not a school record, so no audit row.
 */
import type { Ctx } from '../context.ts';
import { recordDiaryVisit } from '../db/diary.ts';
import type { Actor } from '../../domain/policy.ts';
import { done, type Outcome } from './outcome.ts';

/** Notes that the actor opened the student's diary, when it is their own or their child's. */
export async function noteDiaryVisit(ctx: Ctx, actor: Actor, studentId: number): Promise<Outcome<{ noted: boolean }>> {
	const family = actor.personId === studentId || actor.childIds.includes(studentId);
	if (!family) return done({ noted: false });
	await recordDiaryVisit(ctx.sql, actor.personId, studentId, new Date());
	return done({ noted: true });
}
