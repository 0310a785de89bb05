/**
 * A journal cell (X-MARKS): one or more marks (`5/4`), an absence code (`н`, `б`, `уп`, `оп`, as
 * the school configures) or both, and a comment. Parsing what a teacher types and checking a
 * value against the school's rules are pure functions shared by the grid and the server.
 */
import { inCyrillicLayout, inLatinLayout } from './keyboard-layout.ts';

/** The school's mark scale (2–5 by default; 1–5, 10- and 12-point possible). */
export interface MarkScale {
	min: number;
	max: number;
}

/** What a cell may hold in this school. */
export interface CellRules {
	scale: MarkScale;
	absenceCodes: readonly string[];
	/** False in a mark-free grade (grade 1 by default): no marks, only absences and comments. */
	marksAllowed?: boolean;
	/** True when the school writes marks with a plus or a minus («5−», «4+»); off by default. */
	signs?: boolean;
}

/** Defaults until a school saves its own grading rules. */
export const DEFAULT_CELL_RULES: CellRules = { scale: { min: 2, max: 5 }, absenceCodes: ['н', 'б', 'уп', 'оп'] };

/** Why a mark is refused in a mark-free grade. */
export const MARK_FREE_REASON = 'В этом классе обучение безотметочное: отметки не ставятся, можно отметить пропуск и оставить комментарий.';

/**
 * The rules for an edit that keeps a cell's marks as they are: marks set before a grade became
 * mark-free, or before the school stopped writing «+» and «−», stay editable around.
 */
export function rulesKeeping(rules: CellRules, before: CellValue, after: CellValue): CellRules {
	if (!sameMarks(before, after)) return rules;
	return { ...rules, ...(rules.marksAllowed === false ? { marksAllowed: true } : {}), ...(signsOf(after).some((x) => x !== 0) ? { signs: true } : {}) };
}

/** At most this many marks in one cell. */
export const MAX_MARKS_PER_CELL = 4;
/** At most this many characters in a cell comment. */
export const MAX_COMMENT_LENGTH = 500;

/** The content of a cell. */
export interface CellValue {
	marks: number[];
	/**
	 * The plus or minus of each mark, by position: 1 for «+», −1 for «−», 0 for none. Absent when
	 * no mark of the cell has one (always, in a school that does not write them).
	 */
	signs?: number[];
	absence: string | null;
	comment: string | null;
}

/** How a minus is shown («5−»); a teacher may type it as `-`, `−` or `–`. */
export const MINUS = '−';

/** A mark as it is written: «5», «5−», «4+». */
export function markText(mark: number, sign = 0): string {
	return `${mark}${sign > 0 ? '+' : sign < 0 ? MINUS : ''}`;
}

/** The signs of a value's marks, one per mark (0 where none is given). */
export function signsOf(value: Pick<CellValue, 'marks' | 'signs'>): number[] {
	return value.marks.map((_, i) => value.signs?.[i] ?? 0);
}

/** An empty cell. */
export const EMPTY_CELL: CellValue = { marks: [], absence: null, comment: null };

/** The result of parsing or checking: the value, or a reason in Russian. */
export type CellResult = { ok: true; value: CellValue } | { ok: false; reason: string };

/**
 * Parses what a teacher typed into a cell: marks separated by `/`, spaces or commas, and at most
 * one absence code, in any order ("5/4", "н", "оп 5"). An empty string clears marks and absence.
 * The comment is kept as given. Text that does not read on its own is read once more as typed on
 * the other keyboard layout, key by key: `y` is «н», `,` is «б», `eg` is «уп».
 */
export function parseCellInput(text: string, rules: CellRules, comment: string | null = null): CellResult {
	const typed = parseTyped(text, rules, comment);
	if (typed.ok) return typed;
	for (const other of [inCyrillicLayout(text), inLatinLayout(text)]) {
		if (other === text.toLowerCase()) continue;
		const retyped = parseTyped(other, rules, comment);
		if (retyped.ok) return retyped;
	}
	return typed;
}

function parseTyped(text: string, rules: CellRules, comment: string | null): CellResult {
	const tokens = text
		.trim()
		.toLowerCase()
		.split(/[\s/,;]+/)
		.filter(Boolean);
	// Only separators (a lone `,`, which is «б» on the other layout): not a way to clear a cell.
	if (tokens.length === 0 && text.trim() !== '') return { ok: false, reason: `«${text.trim()}» — не оценка и не отметка о пропуске (${describeCodes(rules)}).` };
	const marks: number[] = [];
	const signs: number[] = [];
	let absence: string | null = null;
	for (const token of tokens) {
		const mark = /^(\d+)([+\-−–])?$/.exec(token);
		if (mark) {
			marks.push(Number(mark[1]));
			signs.push(mark[2] === undefined ? 0 : mark[2] === '+' ? 1 : -1);
			continue;
		}
		const code = token.replace(/\.$/, '');
		if (rules.absenceCodes.includes(code)) {
			if (absence !== null && absence !== code) return { ok: false, reason: `В одной клетке может быть только одна отметка о пропуске: «${absence}» или «${code}».` };
			absence = code;
			continue;
		}
		return { ok: false, reason: `«${token}» — не оценка и не отметка о пропуске (${describeCodes(rules)}).` };
	}
	return checkCell({ marks, signs, absence, comment }, rules);
}

/** Checks a cell value against the school's rules; the server runs this on every change. */
export function checkCell(value: CellValue, rules: CellRules): CellResult {
	const { min, max } = rules.scale;
	if (!Array.isArray(value.marks) || value.marks.length > MAX_MARKS_PER_CELL)
		return { ok: false, reason: `В одной клетке не больше ${MAX_MARKS_PER_CELL} оценок.` };
	if (rules.marksAllowed === false && value.marks.length > 0) return { ok: false, reason: MARK_FREE_REASON };
	for (const mark of value.marks) {
		if (!Number.isInteger(mark) || mark < min || mark > max) return { ok: false, reason: `«${mark}» — такой оценки нет: шкала ${min}–${max}.` };
	}
	if (value.signs !== undefined && (!Array.isArray(value.signs) || value.signs.length !== value.marks.length || !value.signs.every((x) => x === -1 || x === 0 || x === 1)))
		return { ok: false, reason: 'Плюс и минус у оценок записаны неверно.' };
	const signs = signsOf(value);
	for (const [i, sign] of signs.entries()) {
		if (sign === 0) continue;
		const text = markText(value.marks[i], sign);
		if (!rules.signs) return { ok: false, reason: `«${text}» — оценки с плюсом и минусом в школе не ставятся: пишите «${value.marks[i]}».` };
		if ((sign > 0 && value.marks[i] === max) || (sign < 0 && value.marks[i] === min))
			return { ok: false, reason: `«${text}» — такой оценки нет: шкала ${min}–${max}.` };
	}
	if (value.absence !== null && !rules.absenceCodes.includes(value.absence))
		return { ok: false, reason: `«${value.absence}» — такой отметки о пропуске в школе нет (${describeCodes(rules)}).` };
	const comment = value.comment === null ? null : value.comment.trim() || null;
	if (comment !== null && comment.length > MAX_COMMENT_LENGTH) return { ok: false, reason: `Комментарий длиннее ${MAX_COMMENT_LENGTH} символов.` };
	const checked: CellValue = { marks: [...value.marks], absence: value.absence, comment };
	if (signs.some((x) => x !== 0)) checked.signs = signs;
	return { ok: true, value: checked };
}

/** How a cell reads in the grid: "5/4 оп", "5−/4+". */
export function formatCell(value: CellValue): string {
	const signs = signsOf(value);
	return [value.marks.map((mark, i) => markText(mark, signs[i])).join('/'), value.absence ?? ''].filter(Boolean).join(' ');
}

/** True when two cells hold the same marks with the same signs, in the same order. */
export function sameMarks(a: Pick<CellValue, 'marks' | 'signs'>, b: Pick<CellValue, 'marks' | 'signs'>): boolean {
	const signsA = signsOf(a);
	const signsB = signsOf(b);
	return a.marks.length === b.marks.length && a.marks.every((m, i) => m === b.marks[i] && signsA[i] === signsB[i]);
}

/** True when two cell values say the same. */
export function sameCell(a: CellValue, b: CellValue): boolean {
	return a.absence === b.absence && (a.comment ?? null) === (b.comment ?? null) && sameMarks(a, b);
}

/** True when the cell holds nothing. */
export function isEmptyCell(value: CellValue): boolean {
	return value.marks.length === 0 && value.absence === null && !value.comment;
}

function describeCodes(rules: CellRules): string {
	return rules.absenceCodes.join(', ');
}
