/**
 * A school's grading rules per school year (R-2.5, R-5.2, X-MARKS) and the weights of its types
 * of work: read with the defaults when the administrator has saved nothing yet, and written by the
 * grading commands.
 */
import type { Sql, Tx } from './client.ts';
import { DEFAULT_SCHOOL_GRADING, type MinMarksStep, type SchoolGrading, type WorkTypeSetting } from '../../domain/grading-settings.ts';
import type { Threshold } from '../../domain/grading.ts';

type Q = Sql | Tx;

/** The audit entity of a school's grading rules; entity_id is "<schoolId>:<yearId>". */
export const GRADING_ENTITY = 'grading_rules';

const jsonOf = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

/** A row of grading_rules (jsonb columns arrive parsed, or as text on some back-ends). */
interface GradingDbRow {
	scale_min: number;
	scale_max: number;
	thresholds: unknown;
	min_marks: number;
	required_work_types: string[];
	no_top_with_fail: boolean;
	absence_codes: string[];
	mark_free_grades: number[];
	min_marks_by_hours: unknown;
	mark_signs: boolean;
	/** numeric: text from the driver. */
	sign_worth: string | number;
}

function fromRow(row: GradingDbRow): SchoolGrading {
	const thresholds = (jsonOf(row.thresholds) as Threshold[]).map((t) => ({ mark: Number(t.mark), from: Number(t.from) }));
	const steps = (jsonOf(row.min_marks_by_hours) ?? []) as MinMarksStep[];
	return {
		scale: { min: row.scale_min, max: row.scale_max },
		thresholds,
		minMarks: row.min_marks,
		requiredWorkTypes: row.required_work_types,
		noTopWithFail: row.no_top_with_fail,
		absenceCodes: row.absence_codes,
		markFreeGrades: row.mark_free_grades.map(Number),
		minMarksByHours: steps.map((s) => ({ fromHours: Number(s.fromHours), minMarks: Number(s.minMarks) })),
		markSigns: row.mark_signs,
		signWorth: Number(row.sign_worth)
	};
}

/** The school's rules for the year, or the defaults when none are saved. */
export async function gradingOf(sql: Q, schoolId: number, yearId: number): Promise<SchoolGrading> {
	const [row] = await sql<GradingDbRow[]>`select * from grading_rules where school_id = ${schoolId} and year_id = ${yearId}`;
	return row ? fromRow(row) : DEFAULT_SCHOOL_GRADING;
}

/** When and by whom the rules were last saved, or undefined when the defaults apply. */
export async function gradingSavedInfo(sql: Q, schoolId: number, yearId: number): Promise<{ at: string; by: string | null } | undefined> {
	const [row] = await sql<{ updated_at: Date; by_name: string; updated_by: number | null }[]>`
		select g.updated_at, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as by_name, g.updated_by
		from grading_rules g left join person p on p.id = g.updated_by
		where g.school_id = ${schoolId} and g.year_id = ${yearId}`;
	return row && { at: new Date(row.updated_at).toISOString(), by: row.updated_by === null ? null : row.by_name };
}

/** Serialises saving the school's rules until the transaction ends (a second save waits and sees the first as old). */
export async function lockGrading(tx: Tx, schoolId: number): Promise<void> {
	await tx`select pg_advisory_xact_lock(7453002, ${schoolId}::int)`;
}

/** Writes the school's rules for the year (insert or replace). */
export async function upsertGrading(tx: Tx, schoolId: number, yearId: number, rules: SchoolGrading, actorId: number): Promise<void> {
	await tx`
		insert into grading_rules (school_id, year_id, scale_min, scale_max, thresholds, min_marks, required_work_types,
			no_top_with_fail, absence_codes, mark_free_grades, min_marks_by_hours, mark_signs, sign_worth, updated_by, updated_at)
		values (${schoolId}, ${yearId}, ${rules.scale.min}, ${rules.scale.max}, ${tx.json(rules.thresholds as never)}, ${rules.minMarks},
			${rules.requiredWorkTypes as string[]}, ${rules.noTopWithFail}, ${rules.absenceCodes as string[]},
			${rules.markFreeGrades as number[]}::smallint[], ${tx.json(rules.minMarksByHours as never)}, ${rules.markSigns}, ${rules.signWorth}, ${actorId}, now())
		on conflict (school_id, year_id) do update set
			scale_min = excluded.scale_min, scale_max = excluded.scale_max, thresholds = excluded.thresholds,
			min_marks = excluded.min_marks, required_work_types = excluded.required_work_types,
			no_top_with_fail = excluded.no_top_with_fail, absence_codes = excluded.absence_codes,
			mark_free_grades = excluded.mark_free_grades, min_marks_by_hours = excluded.min_marks_by_hours,
			mark_signs = excluded.mark_signs, sign_worth = excluded.sign_worth, updated_by = excluded.updated_by, updated_at = now()`;
}

/** A type of work's weight and topic rule, locked until the transaction ends; undefined when it is not the school year's. */
export async function lockWorkType(tx: Tx, schoolId: number, yearId: number, workTypeId: number): Promise<{ weight: number; topicRequired: boolean } | undefined> {
	const [row] = await tx<{ weight: number; topic_required: boolean }[]>`
		select weight::float8 as weight, topic_required from work_type
		where id = ${workTypeId} and school_id = ${schoolId} and (year_id = ${yearId} or year_id is null) for update`;
	return row && { weight: row.weight, topicRequired: row.topic_required };
}

/** Sets a type of work's weight and topic rule. */
export async function updateWorkType(tx: Tx, setting: WorkTypeSetting): Promise<void> {
	await tx`update work_type set weight = ${setting.weight}, topic_required = ${setting.topicRequired} where id = ${setting.id}`;
}
