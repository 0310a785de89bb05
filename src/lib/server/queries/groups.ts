/** Reads of the administrator's groups and load pages: a class's groups, members and journals; the year's teaching load. */
import type { Ctx } from '../context.ts';
import { yearsOfSchool, type YearListItem } from '../db/years.ts';
import { classesOfYear } from '../db/school.ts';
import { staffOfSchool } from '../db/people.ts';
import { subjectsOfSchool } from '../db/structure.ts';
import { classForGroups, groupsOfClass, journalsOfClassGroups, studentsOfClass } from '../db/groups.ts';
import { loadOfYear } from '../db/load.ts';
import { parseId } from '../../domain/ids.ts';
import type { Actor } from '../../domain/policy.ts';
import { mayManageSettings } from '../commands/grading.ts';
import { done } from '../commands/outcome.ts';

// The year a page shows: the one asked for if it is the school's, else the current one, else the latest.
function chosenYear(years: readonly YearListItem[], asked: string | null, current: number | undefined): YearListItem | undefined {
	const id = parseId(asked);
	return years.find((y) => y.id === id) ?? years.find((y) => y.id === current) ?? years[0];
}

/** The classes of the current year to pick from, and for the chosen class (`?class=<id>`) its groups with today's members, its students and journals. */
export async function groupsPage(ctx: Ctx, actor: Actor, ask: { class: string | null; currentYearId: number | undefined }) {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const asked = parseId(ask.class);
	const askedClass = asked === undefined ? undefined : await classForGroups(ctx.sql, asked);
	const years = await yearsOfSchool(ctx.sql, actor.schoolId);
	const yearId = askedClass && askedClass.schoolId === actor.schoolId ? askedClass.yearId : chosenYear(years, null, ask.currentYearId)?.id;
	const classes = yearId === undefined ? [] : await classesOfYear(ctx.sql, yearId);
	const classId = classes.find((c) => c.classId === asked)?.classId ?? classes[0]?.classId;
	const subjects = await subjectsOfSchool(ctx.sql, actor.schoolId);
	return done({
		classes: classes.map((c) => ({ classId: c.classId, name: c.name })),
		classId: classId ?? null,
		today: ctx.today,
		subjects: subjects.map((s) => ({ id: s.id, name: s.name })),
		groups: classId === undefined ? [] : await groupsOfClass(ctx.sql, classId, ctx.today),
		students: classId === undefined ? [] : await studentsOfClass(ctx.sql, classId),
		journals: classId === undefined ? [] : await journalsOfClassGroups(ctx.sql, classId)
	});
}

/** The teaching load of a year (`?year=<id>`, the current one by default; `?class=<id>`: one class): every journal by class and subject with its teachers and substitutes, and the teachers to assign. */
export async function loadPage(ctx: Ctx, actor: Actor, ask: { year: string | null; class?: string | null; currentYearId: number | undefined }) {
	const allowed = mayManageSettings(actor);
	if (!allowed.ok) return allowed;
	const years = await yearsOfSchool(ctx.sql, actor.schoolId);
	const year = chosenYear(years, ask.year, ask.currentYearId);
	const staff = await staffOfSchool(ctx.sql, actor.schoolId);
	const journals = year ? await loadOfYear(ctx.sql, year.id) : [];
	const classes = [...new Map(journals.map((j) => [j.classId, { classId: j.classId, name: j.className }])).values()];
	const classId = classes.find((c) => c.classId === parseId(ask.class))?.classId ?? null;
	return done({
		years: years.map((y) => ({ id: y.id, name: y.name })),
		year: year ? { id: year.id, name: year.name } : null,
		classes,
		classId,
		journals: classId === null ? journals : journals.filter((j) => j.classId === classId),
		teachers: staff.filter((s) => s.roles.includes('teacher')).map((s) => ({ personId: s.personId, fullName: s.fullName }))
	});
}
