/** Reads of a person's own account page: when its password was last reset with a code. */
import type { Ctx } from '../context.ts';
import { lastPasswordReset } from '../db/accounts.ts';

/** «DD.MM.YYYY HH:MM» of a moment in the school's time zone. */
function dateTimeIn(timeZone: string, at: Date): string {
	const parts = new Intl.DateTimeFormat('ru-RU', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
	const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
	return `${part('day')}.${part('month')}.${part('year')} ${part('hour')}:${part('minute')}`;
}

/**
 * When the account's password was last reset with a code, in the school's time: there are no
 * notifications yet, so the person learns it on their account page, from the audit log.
 */
export async function passwordResetNotice(ctx: Ctx, accountId: number, timeZone: string): Promise<string | null> {
	const at = await lastPasswordReset(ctx.sql, accountId);
	return at ? dateTimeIn(timeZone, at) : null;
}
