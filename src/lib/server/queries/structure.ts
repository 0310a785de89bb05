/** Reads of the administrator's structure pages: classes of a year, subjects and the year's curriculum. */
import type { Ctx } from '../context.ts';
import { yearsOfSchool, type YearListItem } from '../db/years.ts';
import { classesOfYear } from '../db/school.ts';
import { staffOfSchool } from '../db/people.ts';
import { curriculumOf, subjectsOfSchool } from '../db/structure.ts';
import { formatHours } from '../../domain/school-structure.ts';
import { FIRST_GRADE, LAST_GRADE } from '../../domain/school-year.ts';
import { parseId } from '../../domain/ids.ts';
import type { Actor } from '../../domain/policy.ts';
import { mayManageSettings } from '../commands/grading.ts';
import { done } from '../commands/outcome.ts';

/** The year a structure page shows: the one asked for if it is the school's, else the current one, else the latest. */
function chosenYear(years: readonly YearListItem[], asked: string | null, current: number | undefined): YearListItem | undefined {
	const id = parseId(asked);
	return years.find((y) => y.id === id) ?? years.find((y) => y.id === current) ?? years[0];
}

const GRADES = Array.from({ length: LAST_GRADE - FIRST_GRADE + 1 }, (_, i) => FIRST_GRADE + i);

/** The classes of a year with their class teachers, and the staff who may lead one. */
export async function classesPage(ctx: Ctx, actor: Actor, ask: { year: string | null; currentYearId: number | undefined }) {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const years = await yearsOfSchool(ctx.sql, actor.schoolId);
	const year = chosenYear(years, ask.year, ask.currentYearId);
	const staff = await staffOfSchool(ctx.sql, actor.schoolId);
	return done({
		years: years.map((y) => ({ id: y.id, name: y.name })),
		year: year ? { id: year.id, name: year.name } : null,
		classes: year ? await classesOfYear(ctx.sql, year.id) : [],
		teachers: staff.filter((s) => s.roles.includes('teacher')).map((s) => ({ personId: s.personId, fullName: s.fullName })),
		grades: GRADES
	});
}

/** The school's subjects and the year's curriculum as a grid: a row per subject, a cell per grade (hours as typed, empty when not studied). */
export async function subjectsPage(ctx: Ctx, actor: Actor, ask: { year: string | null; currentYearId: number | undefined }) {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const years = await yearsOfSchool(ctx.sql, actor.schoolId);
	const year = chosenYear(years, ask.year, ask.currentYearId);
	const subjects = await subjectsOfSchool(ctx.sql, actor.schoolId);
	const plan = year ? await curriculumOf(ctx.sql, year.id) : [];
	const hours = new Map(plan.map((row) => [`${row.subjectId}:${row.grade}`, row.hoursPerWeek]));
	return done({
		years: years.map((y) => ({ id: y.id, name: y.name })),
		year: year ? { id: year.id, name: year.name } : null,
		grades: GRADES,
		subjects: subjects.map((s) => ({
			...s,
			hours: GRADES.map((grade) => {
				const h = hours.get(`${s.id}:${grade}`);
				return h === undefined ? '' : formatHours(h);
			})
		})),
		totals: GRADES.map((grade) => formatHours(plan.filter((row) => row.grade === grade).reduce((sum, row) => sum + row.hoursPerWeek, 0)))
	});
}
