/**
 * The administrator's holiday use cases: add, change, delete. Each is one transaction that locks
 * the school year's row (so two writes of one year take turns), checks the holiday against the
 * year and its other holidays, refuses to cover lessons that already exist (nothing saved is
 * lost: move them first), writes, and appends an audit row with the old and new values.
 */
import type { Sql } from '../db/client.ts';
import { writeAudit } from '../db/audit.ts';
import { countLessonsBetween, deleteHolidayRow, holidaysOfYear, insertHoliday, lockYear, updateHolidayRow, type YearDates } from '../db/holidays.ts';
import { checkHoliday, HOLIDAY_MESSAGES, type Holiday, type HolidayInput } from '../../domain/holidays.ts';

/** Done, with the holiday as stored (or as it was, for a delete), or refused with a reason in Russian. */
export type HolidayOutcome = { ok: true; holiday: Holiday } | { ok: false; reason: string };

const refuse = (reason: string) => ({ ok: false, reason }) as const;
const plain = (h: Holiday): Holiday => ({ name: h.name, startsOn: h.startsOn, endsOn: h.endsOn });
const yearOf = (year: YearDates) => ({ yearStartsOn: year.startsOn, yearEndsOn: year.endsOn });

/** Adds a holiday to the school year unless it is malformed, overlaps another or covers lessons. */
export async function addHoliday(sql: Sql, actorId: number, yearId: number, input: HolidayInput): Promise<HolidayOutcome> {
	return sql.begin(async (tx) => {
		const year = await lockYear(tx, yearId);
		if (!year) return refuse(HOLIDAY_MESSAGES.yearNotFound);
		const checked = checkHoliday(input, yearOf(year), await holidaysOfYear(tx, yearId));
		if (!checked.ok) return checked;
		const lessons = await countLessonsBetween(tx, yearId, checked.value.startsOn, checked.value.endsOn);
		if (lessons > 0) return refuse(HOLIDAY_MESSAGES.lessonsInside(lessons));
		const id = await insertHoliday(tx, yearId, checked.value);
		await writeAudit(tx, { actorId, action: 'holiday.add', entity: 'holiday', entityId: id, newValue: { yearId, ...checked.value } });
		return { ok: true, holiday: checked.value };
	});
}

/**
 * Changes a holiday's name or dates. Only lessons the new dates would newly cover refuse it:
 * lessons already inside the old dates (older data) stay as they are and do not block a rename.
 */
export async function changeHoliday(sql: Sql, actorId: number, yearId: number, holidayId: number, input: HolidayInput): Promise<HolidayOutcome> {
	return sql.begin(async (tx) => {
		const year = await lockYear(tx, yearId);
		if (!year) return refuse(HOLIDAY_MESSAGES.yearNotFound);
		const holidays = await holidaysOfYear(tx, yearId);
		const current = holidays.find((h) => h.id === holidayId);
		if (!current) return refuse(HOLIDAY_MESSAGES.notFound);
		const checked = checkHoliday(input, yearOf(year), holidays.filter((h) => h.id !== holidayId));
		if (!checked.ok) return checked;
		const next = checked.value;
		if (next.name === current.name && next.startsOn === current.startsOn && next.endsOn === current.endsOn) return { ok: true, holiday: next };
		const lessons = await countLessonsBetween(tx, yearId, next.startsOn, next.endsOn, current);
		if (lessons > 0) return refuse(HOLIDAY_MESSAGES.lessonsInside(lessons));
		await updateHolidayRow(tx, holidayId, next);
		await writeAudit(tx, { actorId, action: 'holiday.update', entity: 'holiday', entityId: holidayId, oldValue: plain(current), newValue: next });
		return { ok: true, holiday: next };
	});
}

/** Deletes a holiday: its days become ordinary school days again. */
export async function deleteHoliday(sql: Sql, actorId: number, yearId: number, holidayId: number): Promise<HolidayOutcome> {
	return sql.begin(async (tx) => {
		if (!(await lockYear(tx, yearId))) return refuse(HOLIDAY_MESSAGES.yearNotFound);
		const current = (await holidaysOfYear(tx, yearId)).find((h) => h.id === holidayId);
		if (!current) return refuse(HOLIDAY_MESSAGES.notFound);
		await deleteHolidayRow(tx, holidayId);
		await writeAudit(tx, { actorId, action: 'holiday.delete', entity: 'holiday', entityId: holidayId, oldValue: { yearId, ...plain(current) } });
		return { ok: true, holiday: plain(current) };
	});
}
