/**
 * A school's grading rules per school year (R-2.5, R-5.2, X-MARKS) and the weights of its types
 * of work: read with the defaults when the administrator has saved nothing yet, saved with an
 * audit row in one transaction.
 */
import type { Sql, Tx } from './client.ts';
import { writeAudit } from './audit.ts';
import { DEFAULT_SCHOOL_GRADING, type MinMarksStep, type SchoolGrading, type WorkTypeSetting } from '../../domain/grading-settings.ts';
import type { Threshold } from '../../domain/grading.ts';

type Q = Sql | Tx;

/** The audit entity of a school's grading rules; entity_id is "<schoolId>:<yearId>". */
export const GRADING_ENTITY = 'grading_rules';

const jsonOf = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

function fromRow(row: Record<string, unknown>): SchoolGrading {
	const thresholds = (jsonOf(row.thresholds) as Threshold[]).map((t) => ({ mark: Number(t.mark), from: Number(t.from) }));
	const steps = (jsonOf(row.min_marks_by_hours) ?? []) as MinMarksStep[];
	return {
		scale: { min: row.scale_min as number, max: row.scale_max as number },
		thresholds,
		minMarks: row.min_marks as number,
		requiredWorkTypes: row.required_work_types as string[],
		noTopWithFail: row.no_top_with_fail as boolean,
		absenceCodes: row.absence_codes as string[],
		markFreeGrades: (row.mark_free_grades as number[]).map(Number),
		minMarksByHours: steps.map((s) => ({ fromHours: Number(s.fromHours), minMarks: Number(s.minMarks) }))
	};
}

/** The school's rules for the year, or the defaults when none are saved. */
export async function gradingOf(sql: Q, schoolId: number, yearId: number): Promise<SchoolGrading> {
	const [row] = await sql`select * from grading_rules where school_id = ${schoolId} and year_id = ${yearId}`;
	return row ? fromRow(row) : DEFAULT_SCHOOL_GRADING;
}

/** When and by whom the rules were last saved, or undefined when the defaults apply. */
export async function gradingSavedInfo(sql: Q, schoolId: number, yearId: number): Promise<{ at: string; by: string | null } | undefined> {
	const [row] = await sql`
		select g.updated_at, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as by_name, g.updated_by
		from grading_rules g left join person p on p.id = g.updated_by
		where g.school_id = ${schoolId} and g.year_id = ${yearId}`;
	return row && { at: new Date(row.updated_at).toISOString(), by: row.updated_by === null ? null : row.by_name };
}

/** Saves the school's rules for the year with an audit row (old, new) in one transaction. */
export async function saveGrading(sql: Sql, schoolId: number, yearId: number, rules: SchoolGrading, actorId: number): Promise<void> {
	await sql.begin(async (tx) => {
		// Two administrators saving at once: the second waits and records the first's rules as old.
		await tx`select pg_advisory_xact_lock(7453002, ${schoolId}::int)`;
		const old = await gradingOf(tx, schoolId, yearId);
		await tx`
			insert into grading_rules (school_id, year_id, scale_min, scale_max, thresholds, min_marks, required_work_types,
				no_top_with_fail, absence_codes, mark_free_grades, min_marks_by_hours, updated_by, updated_at)
			values (${schoolId}, ${yearId}, ${rules.scale.min}, ${rules.scale.max}, ${tx.json(rules.thresholds as never)}, ${rules.minMarks},
				${rules.requiredWorkTypes as string[]}, ${rules.noTopWithFail}, ${rules.absenceCodes as string[]},
				${rules.markFreeGrades as number[]}::smallint[], ${tx.json(rules.minMarksByHours as never)}, ${actorId}, now())
			on conflict (school_id, year_id) do update set
				scale_min = excluded.scale_min, scale_max = excluded.scale_max, thresholds = excluded.thresholds,
				min_marks = excluded.min_marks, required_work_types = excluded.required_work_types,
				no_top_with_fail = excluded.no_top_with_fail, absence_codes = excluded.absence_codes,
				mark_free_grades = excluded.mark_free_grades, min_marks_by_hours = excluded.min_marks_by_hours, updated_by = excluded.updated_by, updated_at = now()`;
		await writeAudit(tx, { actorId, action: 'grading.update', entity: GRADING_ENTITY, entityId: `${schoolId}:${yearId}`, oldValue: old, newValue: rules });
	});
}

/**
 * Saves the weights and topic rules of the school's types of work with one audit row per changed
 * type. Marks already set keep their weight (R-2.5: new weights change suggestions, never marks).
 */
export async function saveWorkTypes(sql: Sql, schoolId: number, yearId: number, settings: readonly WorkTypeSetting[], actorId: number): Promise<number> {
	return sql.begin(async (tx) => {
		let changed = 0;
		for (const setting of settings) {
			const [old] = await tx`
				select weight::float8 as weight, topic_required from work_type
				where id = ${setting.id} and school_id = ${schoolId} and (year_id = ${yearId} or year_id is null) for update`;
			if (!old || (old.weight === setting.weight && old.topic_required === setting.topicRequired)) continue;
			await tx`update work_type set weight = ${setting.weight}, topic_required = ${setting.topicRequired} where id = ${setting.id}`;
			await writeAudit(tx, {
				actorId,
				action: 'work_type.update',
				entity: 'work_type',
				entityId: setting.id,
				oldValue: { weight: old.weight, topicRequired: old.topic_required },
				newValue: { weight: setting.weight, topicRequired: setting.topicRequired }
			});
			changed++;
		}
		return changed;
	});
}
