/** The home page's data: one section per role the person holds, each allowed by the policy. */
import type { Ctx } from '../context.ts';
import { childrenOf, classesOfYear, journalsOfTeacher, schoolOverview } from '../db/school.ts';
import { marksOfStudent } from '../db/diary.ts';
import { may, reportsResource, staffResource, type Actor } from '../../domain/policy.ts';

/** What the home page shows the actor in the year, or that the school has no current year. */
export async function homePage(ctx: Ctx, actor: Actor, yearId: number | undefined) {
	if (yearId === undefined) return { noYear: true as const };
	const { sql } = ctx;
	const has = (role: (typeof actor.roles)[number]) => actor.roles.includes(role);
	// The school in figures and every class: for whoever may read the school's reports.
	const overview = may(actor, 'read', reportsResource(actor.schoolId));
	return {
		noYear: false as const,
		isAdmin: has('admin'),
		// the director appoints staff to duties (roles), on the same staff page.
		managesStaff: may(actor, 'manage', staffResource(actor.schoolId)),
		overview: overview ? await schoolOverview(sql, actor.schoolId, yearId, ctx.today) : null,
		allClasses: overview ? await classesOfYear(sql, yearId) : [],
		journals: has('teacher') ? await journalsOfTeacher(sql, actor.personId, yearId) : [],
		ownClasses: has('class_teacher') ? await classesOfYear(sql, yearId, actor.classTeacherOf) : [],
		children: has('parent') ? await childrenOf(sql, actor.personId, yearId) : [],
		self: has('student') ? { studentId: actor.personId, recentMarks: (await marksOfStudent(sql, actor.personId, yearId)).slice(0, 10) } : null
	};
}
