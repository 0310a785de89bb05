/**
 * Profile data of pupils and parents: the class teacher checks it at least once a month
 * and records the day; a profile never checked, or checked more than a month ago, is due. Pure.
 */
import { addDays } from './dates.ts';

/** Days after which a checked profile is due again. */
export const PROFILE_CHECK_DAYS = 30;

/** Every message of the profile check (X-RU). */
export const PROFILE_MESSAGES = {
	noPerson: 'Не выбран человек, чьи данные выверены.',
	notInClass: 'Этот человек не ученик класса и не родитель ученика класса.',
	checked: (name: string, on: string) => `${name}: данные выверены ${on}.`
} as const;

/** True when the profile is due for a check on `today`: never checked, or last checked more than a month before. */
export function profileDue(verifiedOn: string | null, today: string): boolean {
	return verifiedOn === null || addDays(verifiedOn, PROFILE_CHECK_DAYS) < today;
}
