/** The administrator's access page: the categories of user × the optional rights, as the school chose them. */
import type { Ctx } from '../context.ts';
import { accessOf } from '../db/access.ts';
import { ACCESS_CATEGORIES, concerns, DEFAULT_ACCESS, OPTIONAL_RIGHTS } from '../../domain/access.ts';
import { ROLE_NAMES, type Actor } from '../../domain/policy.ts';
import { mayManageSettings } from '../commands/grading.ts';
import { done } from '../commands/outcome.ts';

/** The table of rights: for each right, a cell per category — null where the right means nothing for it. */
export async function accessPage(ctx: Ctx, actor: Actor) {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const settings = await accessOf(ctx.sql, actor.schoolId);
	return done({
		categories: ACCESS_CATEGORIES.map((category) => ({ category, name: ROLE_NAMES[category] })),
		rights: OPTIONAL_RIGHTS.map((spec) => ({
			right: spec.right,
			name: spec.name,
			cells: ACCESS_CATEGORIES.map((category) =>
				concerns(spec.right, category) ? { category, granted: settings[category].includes(spec.right), byDefault: DEFAULT_ACCESS[category].includes(spec.right) } : null
			)
		}))
	});
}
