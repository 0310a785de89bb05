import type { PageServerLoad } from './$types';
import { appConfig, sql } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { today } from '$lib/server/start';
import { childrenOf, classesOfYear, journalsOfTeacher, schoolOverview } from '$lib/server/db/school';
import { marksOfStudent } from '$lib/server/db/diary';

/** The home page: one section per role the person holds. */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	const yearId = locals.yearId;
	if (yearId === undefined) return { noYear: true as const };
	const db = await sql();
	const has = (role: (typeof actor.roles)[number]) => actor.roles.includes(role);
	const leadership = has('admin') || has('director') || has('deputy');
	const date = today(appConfig());
	return {
		noYear: false as const,
		isAdmin: has('admin'),
		overview: leadership ? await schoolOverview(db, actor.schoolId, yearId, date) : null,
		allClasses: leadership ? await classesOfYear(db, yearId) : [],
		journals: has('teacher') ? await journalsOfTeacher(db, actor.personId, yearId) : [],
		ownClasses: has('class_teacher') ? await classesOfYear(db, yearId, actor.classTeacherOf) : [],
		children: has('parent') ? await childrenOf(db, actor.personId, yearId) : [],
		self: has('student') ? { studentId: actor.personId, recentMarks: (await marksOfStudent(db, actor.personId, yearId)).slice(0, 10) } : null
	};
}) satisfies PageServerLoad;
