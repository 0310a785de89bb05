/** The home page's data: one section per role the person holds, each allowed by the policy. */
import { childrenOf, classesOfYear, journalsOfTeacher, schoolOverview } from '../db/school.ts';
import { diaryNewsSince, diaryVisits, dueOnDay } from '../db/diary.ts';
import { holidaysOfYear } from '../db/holidays.ts';
import { nextSchoolDay } from '../../domain/diary.ts';
import { may, reportsResource, staffResource, type Actor } from '../../domain/policy.ts';
import { appConfig, type Ctx } from '../context.ts';
import { backupAlert } from './backups.ts';

/** How far back «new» reaches for someone who never opened the diary. */
const FIRST_VISIT_DAYS = 7;

/**
 * A pupil's card on a family's home page: marks and absences entered since the
 * viewer last opened the pupil's diary (or the last week), and the next school day's lessons by the
 * timetable with the homework due for each (given at the subject's lesson before).
 */
async function familyCards(ctx: Ctx, viewerId: number, students: ReadonlyArray<{ studentId: number; fullName: string; className: string | null }>, yearId: number) {
	const { sql, today } = ctx;
	const [visits, holidays] = await Promise.all([diaryVisits(sql, viewerId, students.map((s) => s.studentId)), holidaysOfYear(sql, yearId)]);
	const day = nextSchoolDay(today, holidays);
	const weekAgo = new Date(Date.parse(`${today}T00:00:00Z`) - FIRST_VISIT_DAYS * 86_400_000);
	return Promise.all(
		students.map(async (student) => {
			const seen = visits.get(student.studentId);
			const [news, lessons] = await Promise.all([diaryNewsSince(sql, student.studentId, yearId, seen ?? weekAgo), dueOnDay(sql, student.studentId, day)]);
			return {
				...student,
				since: seen ? seen.toISOString() : null,
				news,
				next: { date: day, lessons }
			};
		})
	);
}

/** What the home page shows the actor in the year, or that the school has no current year. */
export async function homePage(ctx: Ctx, actor: Actor, yearId: number | undefined) {
	// Without a year the administrator is sent to create one.
	if (yearId === undefined) return { noYear: true as const, isAdmin: actor.roles.includes('admin') };
	const { sql } = ctx;
	const has = (role: (typeof actor.roles)[number]) => actor.roles.includes(role);
	// The school in figures and every class: for whoever may read the school's reports.
	const overview = may(actor, 'read', reportsResource(actor.schoolId));
	return {
		noYear: false as const,
		today: ctx.today,
		isAdmin: has('admin'),
		// a failed or missing backup shows on the administrator's home page.
		backupAlert: backupAlert(actor, appConfig()),
		// the director appoints staff to duties (roles), on the same staff page.
		managesStaff: may(actor, 'manage', staffResource(actor.schoolId)),
		overview: overview ? await schoolOverview(sql, actor.schoolId, yearId, ctx.today) : null,
		allClasses: overview ? await classesOfYear(sql, yearId) : [],
		// Journals the teacher keeps, and those they substitute in today or replace a teacher on some lessons of.
		journals: has('teacher')
			? await journalsOfTeacher(sql, actor.personId, yearId, [...actor.journalIds, ...Object.keys(actor.replacedLessons ?? {}).map(Number)])
			: [],
		ownClasses: has('class_teacher') ? await classesOfYear(sql, yearId, actor.classTeacherOf) : [],
		children: has('parent') ? await familyCards(ctx, actor.personId, await childrenOf(sql, actor.personId, yearId), yearId) : [],
		self: has('student') ? (await familyCards(ctx, actor.personId, [{ studentId: actor.personId, fullName: 'Мой дневник', className: null }], yearId))[0] : null
	};
}
