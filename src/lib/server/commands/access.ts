/**
 * Categories of access: the administrator grants or withholds, per category of user, the
 * optional rights of `src/lib/domain/access.ts`. The safety core of the policy is not among them.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { lockAccess, storeAccess } from '../db/access.ts';
import { notifyAccessChanged } from '../collab-bridge.ts';
import { ACCESS_MESSAGES, checkAccessForm, choicesOf } from '../../domain/access.ts';
import type { Actor } from '../../domain/policy.ts';
import { mayManageSettings } from './grading.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/**
 * Saves the school's table of rights from the access page: `checked` are the ticked boxes as
 * `category:right`, every other cell is withheld. Checks: the actor manages the school's settings
 * (the administrator), every value is a known right of a category it concerns. Stores every cell
 * and an audit row (old → new table) in one transaction; nothing when nothing changed. After the
 * commit, open live connections of the school are judged again (a teacher may lose a journal).
 */
export async function saveAccessRights(ctx: Ctx, actor: Actor, input: { checked: readonly unknown[] }): Promise<Outcome<string>> {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const checked = checkAccessForm(input.checked);
	if (!checked.ok) return refuse('invalid', checked.reason);
	const changed = await ctx.sql.begin(async (tx) => {
		const old = await lockAccess(tx, actor.schoolId);
		if (JSON.stringify(old) === JSON.stringify(checked.value)) return false;
		await storeAccess(tx, actor.schoolId, choicesOf(checked.value));
		await writeAudit(tx, { actorId: actor.personId, action: 'access.update', entity: 'school', entityId: actor.schoolId, oldValue: old, newValue: checked.value });
		return true;
	});
	if (!changed) return done(ACCESS_MESSAGES.unchanged);
	await notifyAccessChanged({ schoolId: actor.schoolId });
	return done(ACCESS_MESSAGES.saved);
}
