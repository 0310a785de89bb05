/** School settings kept in `school.settings` (jsonb) that are not tables of their own: what a class teacher may write. */
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
