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
}

/** Defaults until a school saves its own grading rules. */
export const DEFAULT_CELL_RULES: CellRules = { scale: { min: 2, max: 5 }, absenceCodes: ['н', 'б', 'уп', 'оп'] };

/** Why a mark is refused in a mark-free grade. */
export const MARK_FREE_REASON = 'В этом классе обучение безотметочное: отметки не ставятся, можно отметить пропуск и оставить комментарий.';

/** The rules for an edit that keeps a cell's marks as they are: marks set before a grade became mark-free stay editable around. */
export function rulesKeeping(rules: CellRules, before: CellValue, after: CellValue): CellRules {
	const same = before.marks.length === after.marks.length && before.marks.every((m, i) => m === after.marks[i]);
	return same && rules.marksAllowed === false ? { ...rules, marksAllowed: true } : rules;
}

/** At most this many marks in one cell. */
export const MAX_MARKS_PER_CELL = 4;
/** At most this many characters in a cell comment. */
export const MAX_COMMENT_LENGTH = 500;

/** The content of a cell. */
export interface CellValue {
	marks: number[];
	absence: string | null;
	comment: string | null;
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
	let absence: string | null = null;
	for (const token of tokens) {
		if (/^\d+$/.test(token)) {
			marks.push(Number(token));
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
	return checkCell({ marks, absence, comment }, rules);
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
	if (value.absence !== null && !rules.absenceCodes.includes(value.absence))
		return { ok: false, reason: `«${value.absence}» — такой отметки о пропуске в школе нет (${describeCodes(rules)}).` };
	const comment = value.comment === null ? null : value.comment.trim() || null;
	if (comment !== null && comment.length > MAX_COMMENT_LENGTH) return { ok: false, reason: `Комментарий длиннее ${MAX_COMMENT_LENGTH} символов.` };
	return { ok: true, value: { marks: [...value.marks], absence: value.absence, comment } };
}

/** How a cell reads in the grid: "5/4 оп". */
export function formatCell(value: CellValue): string {
	return [value.marks.join('/'), value.absence ?? ''].filter(Boolean).join(' ');
}

/** True when two cell values say the same. */
export function sameCell(a: CellValue, b: CellValue): boolean {
	return a.absence === b.absence && (a.comment ?? null) === (b.comment ?? null) && a.marks.length === b.marks.length && a.marks.every((m, i) => m === b.marks[i]);
}

/** True when the cell holds nothing. */
export function isEmptyCell(value: CellValue): boolean {
	return value.marks.length === 0 && value.absence === null && !value.comment;
}

function describeCodes(rules: CellRules): string {
	return rules.absenceCodes.join(', ');
}
