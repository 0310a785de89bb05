/**
 * The live journal document (docs/collab-protocol.md): how one journal's rows are laid out in a
 * Y.Doc, and the messages the server sends. Shared by the server, the grid and other clients.
 * Computed columns (averages, counts, suggested marks) are never stored in the document.
 */
import type { CellRules, CellValue } from './cell.ts';
import type { PeriodMarkKind, SheetPeriod, StoredPeriodMark } from './period-marks.ts';

/** The document name of a journal. */
export function journalDocumentName(journalId: number): string {
	return `journal:${journalId}`;
}

/** The journal id in a document name, or undefined. */
export function journalIdOf(documentName: string): number | undefined {
	const match = /^journal:([1-9]\d{0,9})$/.exec(documentName);
	const id = match ? Number(match[1]) : undefined;
	return id !== undefined && id <= 2_147_483_647 ? id : undefined;
}

/** Names of the top-level Y.Maps. */
export const DOC_MAPS = {
	/** 'journal' → DocMeta (server-written). */
	meta: 'meta',
	/** student id (string) → DocStudent (server-written). */
	students: 'students',
	/** lesson id (string) → DocLesson (server-written; lessons change through HTTP). */
	lessons: 'lessons',
	/** cellKey(lesson, student) → DocCell (written by teachers; checked by the server). */
	cells: 'cells',
	/** periodMarkKey(kind, period, student) → DocPeriodMark (server-written; set through HTTP, R-4.3.11). */
	periodMarks: 'periodMarks'
} as const;

/** What the document says about the journal itself. */
export interface DocMeta {
	journalId: number;
	className: string;
	subject: string;
	groupName: string;
	rules: CellRules;
	workTypes: Array<{ id: number; code: string; name: string; weight: number; topicRequired: boolean }>;
	/** The class's grade (1–11). Absent in views cached before it was added. */
	grade?: number;
	/** A mark-free grade (зач./незач. instead of period marks). */
	markFree?: boolean;
	/** The periods of the class's grade in order, with what their state is decided from. */
	periods?: SheetPeriod[];
}

/** A period, year, exam or final mark as the document holds it (as stored in the tables). */
export type DocPeriodMark = StoredPeriodMark;

/** The key of a period mark in the `periodMarks` map: kind, period (0 for year, exam, final) and student. */
export function periodMarkKey(kind: PeriodMarkKind, periodId: number | null, studentId: number): string {
	return `${kind}:${periodId ?? 0}:${studentId}`;
}

/** A student row; `to` is set for one who left the group (greyed, kept for the dates they were in it). */
export interface DocStudent {
	id: number;
	name: string;
	from: string;
	to: string | null;
}

/** A lesson column. */
export interface DocLesson {
	id: number;
	date: string;
	lessonNo: number | null;
	topic: string | null;
	homework: string | null;
	workTypeId: number | null;
	/** Set when the timetable no longer holds this lesson but it has entries: why, for the teacher (absent otherwise). */
	flag?: string;
}

/**
 * A cell as stored in the document: marks, absence code, comment, and the id of the edit that
 * set it (the server acknowledges edits by this id once they are committed to the tables).
 */
export interface DocCell {
	m: number[];
	/** The marks' plus or minus (1, −1, 0 by position), only when one of them has one. */
	s?: number[];
	a: string | null;
	c: string | null;
	e: string;
}

/** The key of a cell in the `cells` map. */
export function cellKey(lessonId: number, studentId: number): string {
	return `${lessonId}:${studentId}`;
}

/** Lesson and student of a cell key, or undefined when malformed. */
export function parseCellKey(key: string): { lessonId: number; studentId: number } | undefined {
	const match = /^([1-9]\d{0,9}):([1-9]\d{0,9})$/.exec(key);
	return match ? { lessonId: Number(match[1]), studentId: Number(match[2]) } : undefined;
}

/** A document cell as a domain cell value, or undefined when the shape is wrong (forged input). */
export function cellFromDoc(raw: unknown): CellValue | undefined {
	if (typeof raw !== 'object' || raw === null) return undefined;
	const { m, s, a, c } = raw as Record<string, unknown>;
	if (!Array.isArray(m) || !m.every((x) => typeof x === 'number')) return undefined;
	if (s !== undefined && (!Array.isArray(s) || !s.every((x) => typeof x === 'number'))) return undefined;
	if (a !== null && typeof a !== 'string') return undefined;
	if (c !== null && c !== undefined && typeof c !== 'string') return undefined;
	const value: CellValue = { marks: m as number[], absence: a as string | null, comment: (c as string | null | undefined) ?? null };
	if (s !== undefined) value.signs = s as number[];
	return value;
}

/** A cell value as written into the document by an edit. */
export function cellToDoc(value: CellValue, editId: string): DocCell {
	return { ...cellRecord(value), e: editId };
}

/** A cell value in the document's shorthand without an edit id (as the audit log keeps it). */
export function cellRecord(value: CellValue): Omit<DocCell, 'e'> {
	const signs = value.signs?.some((x) => x !== 0) ? { s: [...value.signs] } : {};
	return { m: [...value.marks], ...signs, a: value.absence, c: value.comment };
}

/** Stateless messages from the server to one connection. */
export type ServerMessage =
	/** These edits are committed to the tables ("Сохранено"). */
	| { type: 'ack'; ids: string[] }
	/** This edit was refused and reverted; `message` says why, in Russian. */
	| { type: 'reject'; id: string | null; key: string; message: string }
	/** Something the person should know that is not about one edit (edits slowed down, rights changed), in Russian. */
	| { type: 'notice'; message: string }
	/** Relaying between instances is late (the status line says so) or on time again. */
	| RelayMessage;

/** Stateless message to every connection of an instance: relaying between instances is late (true) or on time again (false). */
export type RelayMessage = { type: 'relay'; late: boolean };

/** The reason the server gives when a journal cannot be opened because the database does not answer. */
export const DATABASE_UNAVAILABLE = 'database-unavailable';
