/** Checks of the lesson forms before they go to the server (which checks again). */
import type { DocMeta } from '../../domain/journal-doc.ts';
import { JOURNAL_MESSAGES, lessonSlotClash, type LessonSlot } from '../../domain/journal-rules.ts';

/** The fields of a lesson form. */
export interface LessonFields {
	date: string;
	lessonNo: string;
	topic: string;
	workTypeId: string;
	homework: string;
}

/** What else the form knows: the school year, the journal's lessons, the lesson being changed. */
export interface LessonFormContext {
	year?: { startsOn: string; endsOn: string };
	lessons?: readonly LessonSlot[];
	/** The lesson being changed: it never clashes with itself, and one that keeps its day and number is not judged (older data). */
	current?: LessonSlot;
}

/** The lesson body for the endpoints, or the reason in Russian why the form is not complete. */
export function lessonBody(
	fields: LessonFields,
	workTypes: DocMeta['workTypes'],
	context: LessonFormContext = {}
): { ok: true; body: { date: string; lessonNo: number | null; topic: string | null; workTypeId: number | null; homework: string | null } } | { ok: false; reason: string } {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(fields.date)) return { ok: false, reason: JOURNAL_MESSAGES.lessonDate };
	const { year } = context;
	if (year && (fields.date < year.startsOn || fields.date > year.endsOn)) return { ok: false, reason: JOURNAL_MESSAGES.lessonOutsideYear(year.startsOn, year.endsOn) };
	const lessonNo = String(fields.lessonNo ?? '').trim() === '' ? null : Number(fields.lessonNo);
	if (lessonNo !== null && (!Number.isInteger(lessonNo) || lessonNo < 0 || lessonNo > 10)) return { ok: false, reason: JOURNAL_MESSAGES.lessonNo };
	const { current } = context;
	const moves = !current || current.date !== fields.date || current.lessonNo !== lessonNo;
	const clash = context.lessons && moves ? lessonSlotClash({ date: fields.date, lessonNo }, context.lessons, current?.id) : null;
	if (clash) return { ok: false, reason: clash };
	const workTypeId = fields.workTypeId === '' ? null : Number(fields.workTypeId);
	const workType = workTypes.find((type) => type.id === workTypeId);
	const topic = fields.topic.trim() || null;
	// test, laboratory and practical works must name their topic.
	if (workType?.topicRequired && !topic) return { ok: false, reason: JOURNAL_MESSAGES.topicRequired(workType.name) };
	return { ok: true, body: { date: fields.date, lessonNo, topic, workTypeId, homework: fields.homework.trim() || null } };
}
