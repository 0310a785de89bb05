/** Checks of the lesson forms before they go to the server (which checks again). */
import type { DocMeta } from '../../domain/journal-doc.ts';
import { JOURNAL_MESSAGES } from '../../domain/journal-rules.ts';

/** The fields of a lesson form. */
export interface LessonFields {
	date: string;
	lessonNo: string;
	topic: string;
	workTypeId: string;
	homework: string;
}

/** The lesson body for the endpoints, or the reason in Russian why the form is not complete. */
export function lessonBody(
	fields: LessonFields,
	workTypes: DocMeta['workTypes']
): { ok: true; body: { date: string; lessonNo: number | null; topic: string | null; workTypeId: number | null; homework: string | null } } | { ok: false; reason: string } {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(fields.date)) return { ok: false, reason: JOURNAL_MESSAGES.lessonDate };
	const lessonNo = String(fields.lessonNo ?? '').trim() === '' ? null : Number(fields.lessonNo);
	if (lessonNo !== null && (!Number.isInteger(lessonNo) || lessonNo < 0 || lessonNo > 10)) return { ok: false, reason: JOURNAL_MESSAGES.lessonNo };
	const workTypeId = fields.workTypeId === '' ? null : Number(fields.workTypeId);
	const workType = workTypes.find((type) => type.id === workTypeId);
	const topic = fields.topic.trim() || null;
	// test, laboratory and practical works must name their topic.
	if (workType?.topicRequired && !topic) return { ok: false, reason: JOURNAL_MESSAGES.topicRequired(workType.name) };
	return { ok: true, body: { date: fields.date, lessonNo, topic, workTypeId, homework: fields.homework.trim() || null } };
}
