/**
 * A person's notification settings: per kind of event, e-mail and push on or off and when
 * (at once, in the daily digest, or only in the product), and quiet hours at night. Only one's own:
 * the command takes no person, it writes the actor's. Checked by `checkNotificationSettings`,
 * written with an audit row in one transaction; the deliverer reads them at each letter.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { saveNotificationSettings as saveSettingsRows } from '../db/notifications.ts';
import { checkNotificationSettings, NOTIFY_TEXT, type SettingsForm } from '../../domain/notifications.ts';
import { decide, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from './outcome.ts';

/**
 * Saves the actor's own notification settings from the settings form. Checks: the actor has a
 * mailbox in the school (the policy of one's own messages); a timing for every kind; quiet hours
 * as two different times, when they are on.
 */
export async function saveNotificationSettings(ctx: Ctx, actor: Actor, form: SettingsForm): Promise<Outcome<{ message: string }>> {
	const allowed = decide(actor, 'write', { kind: 'messages', schoolId: actor.schoolId });
	if (!allowed.allow) return refuse('forbidden', allowed.reason);
	const checked = checkNotificationSettings(form);
	if (!checked.ok) return refuse('invalid', checked.reason);
	const { preferences, quiet } = checked.value;
	await ctx.sql.begin(async (tx) => {
		await saveSettingsRows(tx, actor.personId, preferences, quiet);
		await writeAudit(tx, { actorId: actor.personId, action: 'notifications.settings', entity: 'person', entityId: actor.personId, newValue: { preferences, quiet } });
	});
	return done({ message: NOTIFY_TEXT.saved });
}
