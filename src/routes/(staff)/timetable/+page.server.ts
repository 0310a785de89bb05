import type { Actions, PageServerLoad } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { formFailure, unwrap } from '$lib/server/http';
import { field } from '$lib/server/request';
import { formDataOf } from '$lib/server/forms';
import { timetablePage } from '$lib/server/queries/timetable';
import { addSlot, changeTimetable, removeSlot } from '$lib/server/commands/timetable';
import { readTimetableNotifications } from '$lib/server/commands/messages';

/** The timetable of a class (`?class=`), a teacher (`?teacher=`) or a room (`?room=`), with the week's changes (`?week=`). */
export const load = (async ({ locals, url }) => {
	const actor = requireActor(locals, url);
	const ask = { class: url.searchParams.get('class'), teacher: url.searchParams.get('teacher'), room: url.searchParams.get('room'), week: url.searchParams.get('week') };
	const ctx = await requestContext();
	const page = unwrap(await timetablePage(ctx, actor, locals.yearId, ask));
	// The week's changes are on this page: the person's timetable notifications are read.
	await readTimetableNotifications(ctx, actor, 'all');
	return page;
}) satisfies PageServerLoad;

export const actions = {
	/** Adds a lesson to the weekly template (audited; refused with the reasons of its conflicts). */
	add: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const values = {
			journalId: field(form, 'journalId'),
			weekday: field(form, 'weekday'),
			lessonNo: field(form, 'lessonNo'),
			room: field(form, 'room'),
			parity: field(form, 'parity'),
			teacherId: field(form, 'teacherId')
		};
		const outcome = await addSlot(await requestContext(), actor, values);
		return outcome.ok ? { done: outcome.value } : formFailure(outcome, { values });
	},
	/** Removes a lesson from the weekly template from today on (audited). */
	remove: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const outcome = await removeSlot(await requestContext(), actor, { slotId: field(form, 'slotId') });
		return outcome.ok ? { done: outcome.value } : formFailure(outcome);
	},
	/** A change for a date: replacement, move, cancellation or extra lesson, with a reason (audited). */
	change: async (event) => {
		const actor = requireActor(event.locals, event.url);
		const form = await formDataOf(event.request);
		const values = {
			journalId: field(form, 'journalId'),
			kind: field(form, 'kind'),
			date: field(form, 'date'),
			lessonNo: field(form, 'lessonNo'),
			toDate: field(form, 'toDate'),
			newDate: field(form, 'newDate'),
			newLessonNo: field(form, 'newLessonNo'),
			newRoom: field(form, 'newRoom'),
			teacherId: field(form, 'teacherId'),
			reason: field(form, 'reason')
		};
		const outcome = await changeTimetable(await requestContext(), actor, values);
		return outcome.ok ? { done: outcome.value } : formFailure(outcome, { values });
	}
} satisfies Actions;
