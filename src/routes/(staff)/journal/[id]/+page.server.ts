import type { PageServerLoad } from './$types';
import { appConfig, requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { journalPage } from '$lib/server/queries/journal';
import { journalProgress, plannedTopicsOf } from '$lib/server/queries/plans';
import { fillJournalFromTimetable } from '$lib/server/commands/timetable';
import { upcomingLessonsOf } from '$lib/server/queries/timetable';
import { readTimetableNotifications } from '$lib/server/commands/messages';

/**
 * The live journal page: who may read and write it and the header. The sheet itself (students,
 * lessons, cells) comes from the live document over /collab, not from this load.
 */
export const load = (async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	const ctx = await requestContext();
	const { journal, canWrite, canWriteMarks, replacedLessonIds, canPrint } = unwrap(await journalPage(ctx, actor, params.id));
	// The timetable's lessons up to today get their columns before the sheet opens.
	await fillJournalFromTimetable(ctx, journal.journalId);
	// A timetable change's notification leads here: opening the journal reads it.
	await readTimetableNotifications(ctx, actor, { journalId: journal.journalId });
	const upcoming = await upcomingLessonsOf(ctx, journal.journalId);
	const topics = await plannedTopicsOf(ctx, journal, upcoming);
	return {
		// The week ahead by the timetable, greyed (with the plan's topic): each becomes a column on its day.
		upcoming: upcoming.map((lesson, i) => ({ ...lesson, topic: topics[i] ?? null })),
		// A substitute of single lessons writes those lessons only.
		replacedLessonIds,
		journal,
		// A class teacher in another teacher's journal may write absences and comments only (the school's setting).
		canWrite,
		canWriteMarks,
		// the printed journal, for its teachers, the class teacher and the administration.
		canPrint,
		// progress through the thematic plan to date, when the journal has one.
		progress: (await journalProgress(ctx, journal))?.text ?? null,
		// The school's today (fixed in demos and tests) is the default date of a new lesson.
		today: ctx.today,
		// Presence shows the person's name to the others; pending edits are stored per login.
		me: { name: locals.account?.fullName ?? '', login: locals.account?.login ?? String(actor.personId) }
	};
}) satisfies PageServerLoad;
