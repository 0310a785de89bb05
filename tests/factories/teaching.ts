/**
 * What a teacher does in a journal, done the way the teacher's browser does it: lesson columns
 * through `POST /api/journals/:id/lessons`, marks, absences and comments through the live
 * journal's websocket (each acknowledged by the server), period marks through
 * `PUT /api/journals/:id/period-marks`. Every step must be accepted, or the factory fails loudly.
 */
import { expect } from 'vitest';
import { sharedConfig } from '../../src/lib/server/config';
import { cellKey, type DocLesson } from '../../src/lib/domain/journal-doc';
import { openJournal } from '../helpers/collab';
import type { Client } from '../helpers/server';

/**
 * Runs the steps as if the school's today were `day`, then puts today back: for what teachers did
 * earlier in the year, when a period now closed was still open (its lessons, marks and period
 * marks by the deadline). The server under test runs in this process and reads the configured
 * today on every request and every live edit, so moving it moves the server's day.
 */
export async function onDay<T>(day: string, steps: () => Promise<T>): Promise<T> {
	const config = sharedConfig();
	if (!config) throw new Error('onDay() needs the server started in this process');
	const today = config.today;
	config.today = day;
	try {
		return await steps();
	} finally {
		config.today = today;
	}
}

/** A lesson column as the teacher fills in the form: the date, and what else the test needs. */
export interface LessonSpec {
	date: string;
	lessonNo?: number;
	topic?: string;
	workTypeId?: number;
	homework?: string;
}

/** Adds one lesson column as the teacher (or the administrator) does; it must answer 201. */
export async function addLesson(teacher: Client, journal: { id: number }, lesson: LessonSpec | string): Promise<DocLesson> {
	const body = typeof lesson === 'string' ? { date: lesson } : lesson;
	const { status, json } = await teacher.api('POST', `/api/journals/${journal.id}/lessons`, body);
	expect(status, `lesson ${JSON.stringify(body)}: ${json?.message ?? ''}`).toBe(201);
	return json as DocLesson;
}

/** Adds lesson columns one after the other, in the order given. */
export async function addLessons(teacher: Client, journal: { id: number }, lessons: ReadonlyArray<LessonSpec | string>): Promise<DocLesson[]> {
	const added: DocLesson[] = [];
	for (const lesson of lessons) added.push(await addLesson(teacher, journal, lesson));
	return added;
}

/** One cell of the journal: a lesson × a student, with marks (5/4 is [5, 4]), an absence code or a comment. */
export interface CellSpec {
	lesson: { id: number };
	student: { id: number };
	marks?: number[];
	absence?: string;
	comment?: string;
}

/** The cells of one student: one mark per lesson, in the order of the lessons. */
export function marksOf(student: { id: number }, lessons: ReadonlyArray<{ id: number }>, marks: readonly number[]): CellSpec[] {
	if (marks.length > lessons.length) throw new Error(`${marks.length} marks for ${lessons.length} lessons`);
	return marks.map((mark, i) => ({ lesson: lessons[i], student, marks: [mark] }));
}

/**
 * Fills cells as the teacher does in the live journal: opens the journal's document over the
 * websocket with the teacher's session, sets each cell, waits until the server acknowledged every
 * one (it acknowledges only after the rows are committed), and closes the connection.
 */
export async function fillCells(base: string, teacher: Client, journal: { id: number }, cells: readonly CellSpec[]): Promise<void> {
	const live = await openJournal(base, teacher.cookieHeader(), journal.id);
	try {
		expect(live.readOnly, 'the teacher writes this journal').toBe(false);
		const ids = cells.map((cell) =>
			live.setCell(cellKey(cell.lesson.id, cell.student.id), { m: cell.marks ?? [], a: cell.absence ?? null, c: cell.comment ?? null })
		);
		await live.until(() => {
			const reject = live.messages.find((m) => m.type === 'reject');
			if (reject) throw new Error(`a cell was refused: ${JSON.stringify(reject)}`);
			const acked = new Set(live.messages.flatMap((m) => (m.type === 'ack' ? m.ids : [])));
			return ids.every((id) => acked.has(id));
		}, `the acks of ${ids.length} cells of journal ${journal.id}`);
	} finally {
		await live.close();
	}
}

/** A period mark as the teacher sets it in the mark column. */
export interface PeriodMarkSpec {
	student: { id: number };
	period: { id: number };
	value: string;
	justification?: string;
}

/** Sets a period mark through the mark column's endpoint; it must be accepted. */
export async function setPeriodMark(teacher: Client, journal: { id: number }, mark: PeriodMarkSpec): Promise<void> {
	const { status, json } = await teacher.api('PUT', `/api/journals/${journal.id}/period-marks`, {
		studentId: mark.student.id,
		periodId: mark.period.id,
		value: mark.value,
		justification: mark.justification
	});
	expect(status, `period mark ${mark.value}: ${json?.message ?? ''}`).toBe(200);
}
