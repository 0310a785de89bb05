/**
 * The class teacher's monthly check of profile data: a pupil's or parent's data found
 * right is marked checked today; the class page then stops listing it for a month.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { findClass } from '../db/school.ts';
import { classProfiles, setProfileVerified } from '../db/profiles.ts';
import { formatDate } from '../../domain/dates.ts';
import { parseId } from '../../domain/ids.ts';
import { PROFILE_MESSAGES } from '../../domain/profiles.ts';
import { classResource, decide, may, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/**
 * Marks the profile of a pupil of the class, or of a parent of one, checked on the school's today.
 * Checks: the class is the actor's to read (else not_found) and to keep (the administrator, its
 * class teacher); the person is a present pupil of the class or their parent. One transaction
 * with an audit row (the day before and now).
 */
export async function confirmProfile(ctx: Ctx, actor: Actor, input: { classId: unknown; personId: unknown }): Promise<Outcome<{ message: string }>> {
	const classId = parseId(input.classId);
	const klass = classId === undefined ? undefined : await findClass(ctx.sql, classId);
	if (!klass || klass.schoolId !== actor.schoolId || !may(actor, 'read', classResource(klass))) return refuse('not_found', 'Класс не найден.');
	const decision = decide(actor, 'write', classResource(klass));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const personId = parseId(input.personId);
	if (personId === undefined) return refuse('invalid', PROFILE_MESSAGES.noPerson);
	const person = (await classProfiles(ctx.sql, klass.classId, ctx.today)).find((p) => p.personId === personId);
	if (!person) return refuse('invalid', PROFILE_MESSAGES.notInClass);
	await ctx.sql.begin(async (tx) => {
		const before = await setProfileVerified(tx, personId, ctx.today);
		await writeAudit(tx, { actorId: actor.personId, action: 'profile.verify', entity: 'person', entityId: personId, oldValue: { profileVerifiedOn: before }, newValue: { profileVerifiedOn: ctx.today, classId: klass.classId } });
	});
	return done({ message: PROFILE_MESSAGES.checked(person.fullName, formatDate(ctx.today)) });
}
