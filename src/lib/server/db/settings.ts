/** School settings kept in `school.settings` (jsonb) that are not tables of their own: what a class teacher may write, bell times. */
import type { Sql, Tx } from './client.ts';
import { DEFAULT_CLASS_TEACHER_WRITES, isClassTeacherWrites, type ClassTeacherWrites } from '../../domain/policy.ts';

type Q = Sql | Tx;

/** The row of classTeacherWritesOf. */
interface ClassTeacherWritesRow {
	value: string | null;
}

/** What the school lets a class teacher write in a journal they do not teach; the default when the school never chose. */
export async function classTeacherWritesOf(sql: Q, schoolId: number): Promise<ClassTeacherWrites> {
	const [row] = await sql<ClassTeacherWritesRow[]>`select settings ->> 'classTeacherWrites' as value from school where id = ${schoolId}`;
	return isClassTeacherWrites(row?.value) ? row.value : DEFAULT_CLASS_TEACHER_WRITES;
}

/** Locks the school's row (two administrators saving at once) and returns the setting stored now. */
export async function lockClassTeacherWrites(tx: Tx, schoolId: number): Promise<ClassTeacherWrites> {
	const [row] = await tx<ClassTeacherWritesRow[]>`select settings ->> 'classTeacherWrites' as value from school where id = ${schoolId} for update`;
	return isClassTeacherWrites(row?.value) ? row.value : DEFAULT_CLASS_TEACHER_WRITES;
}

/** Stores what the school lets a class teacher write, keeping the other settings. */
export async function setClassTeacherWrites(tx: Tx, schoolId: number, value: ClassTeacherWrites): Promise<void> {
	await tx`update school set settings = jsonb_set(settings, '{classTeacherWrites}', to_jsonb(${value}::text)) where id = ${schoolId}`;
}

/** The hour of the nightly backup a school chose (school time), or undefined when none chose one; the first school's on a shared database. */
export async function backupHourOf(sql: Q): Promise<number | undefined> {
	const [row] = await sql<{ hour: number | null }[]>`select (settings ->> 'backupHour')::int as hour from school where settings ? 'backupHour' order by id limit 1`;
	return row?.hour ?? undefined;
}

/** Stores the school's hour of the nightly backup, keeping the other settings. */
export async function setBackupHourOf(tx: Tx, schoolId: number, hour: number): Promise<void> {
	await tx`update school set settings = jsonb_set(settings, '{backupHour}', to_jsonb(${hour}::int)) where id = ${schoolId}`;
}

/** A lesson's bell times: its number and when it starts and ends ('08:30'). */
export interface Bell {
	lesson: number;
	start: string;
	end: string;
}

/** The school's bell times, in lesson order; none when the school has not set them. */
export async function bellsOf(sql: Q, schoolId: number): Promise<Bell[]> {
	const [row] = await sql<{ bells: unknown }[]>`select settings -> 'bells' as bells from school where id = ${schoolId}`;
	const bells = typeof row?.bells === 'string' ? JSON.parse(row.bells) : row?.bells;
	if (!Array.isArray(bells)) return [];
	return bells
		.filter((b): b is Bell => typeof b?.lesson === 'number' && typeof b?.start === 'string' && typeof b?.end === 'string')
		.sort((a, b) => a.lesson - b.lesson);
}

/** The time zone the school chose at setup (the first school's, on a database that holds several), or undefined. */
export async function storedTimeZone(sql: Sql): Promise<string | undefined> {
	const [row] = await sql<{ zone: string | null }[]>`select settings ->> 'timezone' as zone from school order by id limit 1`;
	return row?.zone ?? undefined;
}

/** The time zone the school chose (its bells ring in it), or undefined when it never chose one. */
export async function timeZoneOf(sql: Q, schoolId: number): Promise<string | undefined> {
	const [row] = await sql<{ zone: string | null }[]>`select settings ->> 'timezone' as zone from school where id = ${schoolId}`;
	return row?.zone ?? undefined;
}

/** Locks the school's row and reads its hour of the daily digest, if it chose one. */
export async function lockDigestHour(tx: Tx, schoolId: number): Promise<number | undefined> {
	const [row] = await tx<{ hour: number | null }[]>`select (settings ->> 'digestHour')::int as hour from school where id = ${schoolId} for update`;
	return row?.hour ?? undefined;
}

/** Stores the school's hour of the daily digest, keeping the other settings. */
export async function setDigestHour(tx: Tx, schoolId: number, hour: number): Promise<void> {
	await tx`update school set settings = jsonb_set(settings, '{digestHour}', to_jsonb(${hour}::int)) where id = ${schoolId}`;
}
