/**
 * Building a journal document from the tables, and telling apart who made a change. The
 * document is a view: whenever Hocuspocus loads it (first connection, after every unload, on
 * every instance) it is rebuilt from the rows, which is also what keeps it from growing without
 * bound (STACK-NOTES: a Y.Map keeps every overwritten value until the document is rebuilt).
 */
import type * as Y from 'yjs';
import type { Connection } from '@hocuspocus/server';
import type { Sql } from '../../src/lib/server/db/client.ts';
import { cellsOfJournal, type StoredCell } from '../../src/lib/server/db/cells.ts';
import { journalFacts, studentsOfJournal, workTypesOf, type JournalFacts } from '../../src/lib/server/db/journal-facts.ts';
import { lessonsOfJournal } from '../../src/lib/server/db/lessons.ts';
import { gradingOf } from '../../src/lib/server/db/grading.ts';
import { periodsOfYear } from '../../src/lib/server/db/periods.ts';
import { periodMarksOfJournal } from '../../src/lib/server/db/period-marks.ts';
import { periodsOfGrade } from '../../src/lib/domain/periods.ts';
import { cellRulesFrom, isMarkFreeGrade } from '../../src/lib/domain/grading-settings.ts';
import type { CellRules } from '../../src/lib/domain/cell.ts';
import { DOC_MAPS, cellKey, cellToDoc, periodMarkKey, type DocLesson, type DocMeta, type DocPeriodMark, type DocStudent } from '../../src/lib/domain/journal-doc.ts';

/** The transaction origin of every change the server itself makes (builds, reverts, pushes). */
export const SERVER_ORIGIN = Object.freeze({ zhurnalServer: true });

/**
 * Edit id of a value written by the server. A client's own edit ids never start with it, so a
 * server-written value that comes back from a client (an old document merged in) is recognised.
 */
export const SERVER_EDIT_PREFIX = 's:';

/** True when a transaction origin is a client's websocket connection on this instance. */
export function isConnection(origin: unknown): origin is Connection {
	return typeof origin === 'object' && origin !== null && 'sendStateless' in origin && 'readOnly' in origin && 'context' in origin;
}

/** Everything a journal document is built from. */
export interface JournalRows {
	facts: JournalFacts;
	rules: CellRules;
	meta: DocMeta;
	students: DocStudent[];
	lessons: DocLesson[];
	cells: StoredCell[];
	periodMarks: DocPeriodMark[];
}

/** The journal's settings as the document shows them: the school's rules, types of work and periods now. */
export async function loadJournalMeta(sql: Sql, facts: JournalFacts): Promise<{ meta: DocMeta; rules: CellRules }> {
	const [grading, workTypes, periods] = await Promise.all([gradingOf(sql, facts.schoolId, facts.yearId), workTypesOf(sql, facts.schoolId, facts.yearId), periodsOfYear(sql, facts.yearId)]);
	const rules = cellRulesFrom(grading, facts.grade);
	const meta: DocMeta = {
		journalId: facts.journalId,
		className: facts.className,
		subject: facts.subject,
		groupName: facts.groupName,
		rules,
		workTypes: workTypes.map((w) => ({ id: w.id, code: w.code, name: w.name, weight: w.weight, topicRequired: w.topicRequired })),
		grade: facts.grade,
		markFree: isMarkFreeGrade(grading, facts.grade),
		periods: periodsOfGrade(periods, facts.grade).map((p) => ({
			id: p.id,
			name: p.name,
			startsOn: p.startsOn,
			endsOn: p.endsOn,
			marksDeadline: p.marksDeadline,
			closedOn: p.closedOn,
			reopenedUntil: p.reopenedUntil,
			reopenReason: p.reopenReason
		}))
	};
	return { meta, rules };
}

/** Reads a journal's rows, or undefined when there is no such journal. */
export async function loadJournalRows(sql: Sql, journalId: number): Promise<JournalRows | undefined> {
	const facts = await journalFacts(sql, journalId);
	if (!facts) return undefined;
	const [{ meta, rules }, students, lessons, cells, periodMarks] = await Promise.all([
		loadJournalMeta(sql, facts),
		studentsOfJournal(sql, journalId),
		lessonsOfJournal(sql, journalId),
		cellsOfJournal(sql, journalId),
		periodMarksOfJournal(sql, journalId)
	]);
	return { facts, rules, meta, students, lessons, cells, periodMarks };
}

/** Writes the rows into an empty document in one server transaction. */
export function fillDocument(doc: Y.Doc, rows: JournalRows): void {
	doc.transact(() => {
		doc.getMap(DOC_MAPS.meta).set('journal', rows.meta);
		const students = doc.getMap(DOC_MAPS.students);
		for (const student of rows.students) students.set(String(student.id), student);
		const lessons = doc.getMap(DOC_MAPS.lessons);
		for (const lesson of rows.lessons) lessons.set(String(lesson.id), lesson);
		const cells = doc.getMap(DOC_MAPS.cells);
		for (const cell of rows.cells) cells.set(cellKey(cell.lessonId, cell.studentId), cellToDoc(cell.value, `${SERVER_EDIT_PREFIX}0`));
		const periodMarks = doc.getMap(DOC_MAPS.periodMarks);
		for (const mark of rows.periodMarks) periodMarks.set(periodMarkKey(mark.kind, mark.periodId, mark.studentId), mark);
	}, SERVER_ORIGIN);
}
