/**
 * Journal control: the rules by which the deputy's
 * findings are made, sent to a teacher and found fixed. A finding is recomputed from the journal's
 * rows each time; a notice keeps what it said when sent, and each of its findings is fixed once the
 * same key is no longer found. Pure: the server finds the rows, these functions judge them.
 */
import { addDays } from './dates.ts';

/** What a finding is about: an unmarked test work, a lesson without a topic, missing period marks. */
export type FindingKind = 'work' | 'topic' | 'period';

/** One thing to fix in a teacher's journal, as a notice keeps it. */
export interface ControlFinding {
	/** `work:<lessonId>`, `topic:<lessonId>` or `period:<journalId>:<periodId>`: found again by it until fixed. */
	key: string;
	/** The journal to open to fix it. */
	journalId: number;
	/** What to fix, in Russian («7А, Алгебра, 19.11.2026: Контрольная работа — без отметки у 3 учеников»). */
	text: string;
}

/** A finding of a sent notice with whether it is fixed now. */
export interface FindingState extends ControlFinding {
	fixed: boolean;
}

/** How many days before the marks deadline of a period the control starts looking for missing period marks. */
export const PERIOD_MARKS_WARN_DAYS = 7;

/** The most days after a lesson a school may allow for entering its homework. */
export const HOMEWORK_DUE_MAX_DAYS = 14;

/** The key of a finding about a lesson (a test work without marks, a lesson without a topic). */
export function lessonFindingKey(kind: 'work' | 'topic', lessonId: number): string {
	return `${kind}:${lessonId}`;
}

/** The key of a finding about the period marks of a journal. */
export function periodFindingKey(journalId: number, periodId: number): string {
	return `period:${journalId}:${periodId}`;
}

/** What a key is about, with its ids; undefined for a key of another shape (a stored notice is data, not trusted). */
export function parseFindingKey(key: string): { kind: 'work' | 'topic'; lessonId: number } | { kind: 'period'; journalId: number; periodId: number } | undefined {
	const lesson = /^(work|topic):(\d{1,9})$/.exec(key);
	if (lesson) return { kind: lesson[1] as 'work' | 'topic', lessonId: Number(lesson[2]) };
	const period = /^period:(\d{1,9}):(\d{1,9})$/.exec(key);
	if (period) return { kind: 'period', journalId: Number(period[1]), periodId: Number(period[2]) };
	return undefined;
}

/**
 * Whether homework was entered late: later than `dueDays` days after the lesson's day. Homework
 * entered before the lesson, or whose day of entry is unknown, is not late.
 */
export function isHomeworkLate(lessonDate: string, enteredOn: string | null, dueDays: number): boolean {
	return enteredOn !== null && enteredOn > addDays(lessonDate, dueDays);
}

/** Whether the control looks for missing period marks of a period today: from a week before its marks deadline on. */
export function periodMarksDueSoon(marksDeadline: string, today: string): boolean {
	return today >= addDays(marksDeadline, -PERIOD_MARKS_WARN_DAYS);
}

/** The findings of a notice with their state: fixed unless their key is still among those found now. */
export function findingStates(findings: readonly ControlFinding[], stillOpen: ReadonlySet<string>): FindingState[] {
	return findings.map((f) => ({ ...f, fixed: !stillOpen.has(f.key) }));
}

/** A stored notice's findings, checked for shape (entries of another shape are left out). */
export function findingsOf(stored: unknown): ControlFinding[] {
	if (!Array.isArray(stored)) return [];
	return stored.flatMap((f) =>
		f && typeof f === 'object' && typeof f.key === 'string' && typeof f.text === 'string' && Number.isInteger(f.journalId) && parseFindingKey(f.key)
			? [{ key: f.key, journalId: f.journalId, text: f.text }]
			: []
	);
}

/** Groups findings by the teachers they are for (a finding of a journal with two teachers goes to both). */
export function findingsByTeacher(findings: ReadonlyArray<ControlFinding & { teacherIds: readonly number[] }>): Map<number, ControlFinding[]> {
	const by = new Map<number, ControlFinding[]>();
	for (const { teacherIds, ...finding } of findings) {
		for (const id of teacherIds) {
			const own = by.get(id) ?? [];
			if (!own.some((f) => f.key === finding.key)) own.push(finding);
			by.set(id, own);
		}
	}
	return by;
}

/**
 * The findings still to be sent: of each teacher's, those no earlier notice to that teacher holds
 * (a finding found again is still open, so the teacher already sees it on their home page).
 * Teachers left with none are left out, so sending twice stores nothing the second time.
 */
export function unsentFindings(byTeacher: ReadonlyMap<number, readonly ControlFinding[]>, sent: ReadonlyMap<number, ReadonlySet<string>>): Map<number, ControlFinding[]> {
	const unsent = new Map<number, ControlFinding[]>();
	for (const [teacherId, own] of byTeacher) {
		const fresh = own.filter((f) => !sent.get(teacherId)?.has(f.key));
		if (fresh.length > 0) unsent.set(teacherId, fresh);
	}
	return unsent;
}

/** What the grading page says about the homework deadline (X-RU). */
export const HOMEWORK_DUE_MESSAGES = {
	invalid: `Срок внесения домашнего задания — целое число дней от 0 до ${HOMEWORK_DUE_MAX_DAYS}: 0 — в день урока.`,
	saved: 'Сохранено: срок внесения домашнего задания.'
} as const;

/** the school's days after a lesson by which its homework is entered, from a form's field; a whole number 0–14. */
export function parseHomeworkDueDays(value: unknown): { ok: true; days: number } | { ok: false; reason: string } {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!/^\d{1,2}$/.test(text) || Number(text) > HOMEWORK_DUE_MAX_DAYS) return { ok: false, reason: HOMEWORK_DUE_MESSAGES.invalid };
	return { ok: true, days: Number(text) };
}
