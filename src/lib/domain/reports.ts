/**
 * The figures of school reports: distributions of marks, успеваемость, качество
 * знаний, СОУ, the standing of a pupil by their period marks, and the table model every report is
 * drawn from — on screen, in XLSX and in PDF alike, so the three never disagree. Pure: the server
 * counts in SQL (src/lib/server/db/reports.ts) and hands the counts here.
 *
 * The formulas, as Russian schools compute them on the 5-point scale:
 * - успеваемость = (n5 + n4 + n3) / N · 100 %;
 * - качество знаний = (n5 + n4) / N · 100 %;
 * - СОУ (степень обученности учащихся, after В. П. Симонов) =
 *   (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·nн/а) / N %, where each mark stands for the share of the
 *   material learnt (5 → 100 %, 4 → 64 %, 3 → 36 %, 2 → 16 %, not attested → 7 %);
 * where N counts every mark (or every pupil's result), «н/а» included; a «1» counts with the «2».
 * With N = 0 a figure is undefined (null): a report says «нет данных», never 0.
 */

/** How many marks (or pupils' results) of each kind: «5», «4», «3», «2» (with «1»), «н/а». */
export interface Distribution {
	five: number;
	four: number;
	three: number;
	two: number;
	/** Not attested («н/а»): no mark at all for the period. */
	na: number;
}

/** A distribution with nothing in it. */
export const EMPTY_DISTRIBUTION: Distribution = { five: 0, four: 0, three: 0, two: 0, na: 0 };

/** What a report says of an undefined figure. */
export const NO_DATA = 'нет данных';

/** The shares of the material each result stands for in СОУ, in per cent. */
export const SOU_WEIGHTS: Readonly<Distribution> = { five: 100, four: 64, three: 36, two: 16, na: 7 };

/**
 * Counts marks or period results by kind: 5, 4, 3, 2 and 1 (as «2»), «н/а»; anything else (зач.,
 * осв., marks of another scale) is left out, as it says nothing about these figures.
 */
export function distributionOf(values: Iterable<number | string>): Distribution {
	const d = { ...EMPTY_DISTRIBUTION };
	for (const raw of values) {
		const value = typeof raw === 'number' ? String(raw) : raw.trim();
		if (value === '5') d.five++;
		else if (value === '4') d.four++;
		else if (value === '3') d.three++;
		else if (value === '2' || value === '1') d.two++;
		else if (value === 'н/а') d.na++;
	}
	return d;
}

/** Adds distributions up (a parallel from its classes, a school from its parallels). */
export function addDistributions(...parts: readonly Distribution[]): Distribution {
	const sum = { ...EMPTY_DISTRIBUTION };
	for (const d of parts) for (const key of Object.keys(sum) as Array<keyof Distribution>) sum[key] += d[key];
	return sum;
}

/** N: every mark or result counted, «н/а» included. */
export function totalOf(d: Distribution): number {
	return d.five + d.four + d.three + d.two + d.na;
}

const share = (part: number, whole: number): number | null => (whole === 0 ? null : (100 * part) / whole);

/** Успеваемость, %: the share of 5, 4 and 3; null with nothing counted. */
export function successRate(d: Distribution): number | null {
	return share(d.five + d.four + d.three, totalOf(d));
}

/** Качество знаний, %: the share of 5 and 4; null with nothing counted. */
export function qualityRate(d: Distribution): number | null {
	return share(d.five + d.four, totalOf(d));
}

/** СОУ, %: (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·nн/а) / N; null with nothing counted. */
export function learningDegree(d: Distribution): number | null {
	const n = totalOf(d);
	if (n === 0) return null;
	const w = SOU_WEIGHTS;
	return (w.five * d.five + w.four * d.four + w.three * d.three + w.two * d.two + w.na * d.na) / n;
}

/** Средний балл of the marks counted (н/а left out); null with no mark. */
export function meanOf(d: Distribution): number | null {
	const n = d.five + d.four + d.three + d.two;
	return n === 0 ? null : (5 * d.five + 4 * d.four + 3 * d.three + 2 * d.two) / n;
}

/** The figures of a distribution a report shows in one row. */
export interface Figures {
	count: number;
	mean: number | null;
	success: number | null;
	quality: number | null;
	sou: number | null;
}

/** Every figure of a distribution at once. */
export function figuresOf(d: Distribution): Figures {
	return { count: totalOf(d), mean: meanOf(d), success: successRate(d), quality: qualityRate(d), sou: learningDegree(d) };
}

/**
 * Where a pupil stands by their period marks across subjects: excellent (only «5»), good (only «4»
 * and «5»), with one «3» (the rest «4» and «5»), satisfactory (other results without «2»), failing
 * (a «2», a «1» or «н/а» in any subject), or none (no mark to judge by).
 */
export type PupilStanding = 'excellent' | 'good' | 'one_three' | 'satisfactory' | 'failing' | 'none';

/** The standings in the order reports list them. */
export const PUPIL_STANDINGS: readonly PupilStanding[] = ['excellent', 'good', 'one_three', 'satisfactory', 'failing', 'none'];

/** Russian names of the standings, as column headers. */
export const PUPIL_STANDING_NAMES: Record<PupilStanding, string> = {
	excellent: 'Отличники',
	good: 'Хорошисты',
	one_three: 'С одной «3»',
	satisfactory: 'Успевают',
	failing: 'Неуспевающие',
	none: 'Без отметок'
};

/** A pupil's standing from their period marks in every subject (values other than 1–5 and «н/а» are left out). */
export function pupilStanding(marks: Iterable<string | number>): PupilStanding {
	const d = distributionOf(marks);
	if (totalOf(d) === 0) return 'none';
	if (d.two + d.na > 0) return 'failing';
	if (d.three === 0) return d.four === 0 ? 'excellent' : 'good';
	return d.three === 1 ? 'one_three' : 'satisfactory';
}

/** How many pupils stand where, from each pupil's period marks. */
export function standingCounts(pupils: Iterable<Iterable<string | number>>): Record<PupilStanding, number> {
	const counts = Object.fromEntries(PUPIL_STANDINGS.map((s) => [s, 0])) as Record<PupilStanding, number>;
	for (const marks of pupils) counts[pupilStanding(marks)]++;
	return counts;
}

/** How a column's numbers are written: whole numbers, a mean (4,60), a percentage (85,7), or text. */
export type ColumnFormat = 'int' | 'mean' | 'percent' | 'text';

/** A column of a report table. */
export interface ReportColumn {
	title: string;
	format: ColumnFormat;
}

/** A cell: a number (written by its column's format), text, or null for an undefined figure. */
export type ReportCell = number | string | null;

/** One table of a report; the same object is drawn on screen, in XLSX and in PDF. */
export interface ReportTable {
	title: string;
	columns: ReportColumn[];
	rows: ReportCell[][];
	/** What the table says when it has no rows. */
	empty?: string;
}

/** A whole report: what and for when, the tables, and who signs it. */
export interface ReportDocument {
	title: string;
	/** The class, journal or school and the period, in one line. */
	subtitle: string;
	tables: ReportTable[];
	/** Who signs the printed report (a role, e.g. «Учитель», «Заместитель директора»). */
	signer: string;
}

/** A cell as a person reads it: `4,60`, `85,7`, `12`, text, or «нет данных». */
export function formatReportCell(cell: ReportCell, format: ColumnFormat): string {
	if (cell === null) return NO_DATA;
	if (typeof cell === 'string') return cell;
	if (format === 'mean') return cell.toFixed(2).replace('.', ',');
	if (format === 'percent') return cell.toFixed(1).replace('.', ',');
	if (format === 'int') return String(Math.round(cell));
	return String(cell);
}

/** Rounds a figure as it is written, so XLSX keeps a real number equal to what the screen shows. */
export function roundedFigure(cell: ReportCell, format: ColumnFormat): ReportCell {
	if (typeof cell !== 'number') return cell;
	if (format === 'mean') return Math.round(cell * 100) / 100;
	if (format === 'percent') return Math.round(cell * 10) / 10;
	return cell;
}

/** The columns of a row of figures: count, mean, 5/4/3/2/н/а, успеваемость, качество, СОУ. */
export const FIGURE_COLUMNS: readonly ReportColumn[] = [
	{ title: 'Всего', format: 'int' },
	{ title: 'Средний балл', format: 'mean' },
	{ title: '«5»', format: 'int' },
	{ title: '«4»', format: 'int' },
	{ title: '«3»', format: 'int' },
	{ title: '«2»', format: 'int' },
	{ title: 'н/а', format: 'int' },
	{ title: 'Успеваемость, %', format: 'percent' },
	{ title: 'Качество, %', format: 'percent' },
	{ title: 'СОУ, %', format: 'percent' }
];

/** A distribution's figures as cells under FIGURE_COLUMNS. */
export function figureCells(d: Distribution): ReportCell[] {
	const f = figuresOf(d);
	return [f.count, f.mean, d.five, d.four, d.three, d.two, d.na, f.success, f.quality, f.sou];
}

/**
 * Успеваемость and качество of a group of pupils, as period reports count them: over the pupils
 * attested (with at least one period mark), the share without «2» or «н/а», and the share of
 * excellent and good pupils; null when nobody is attested.
 */
export function pupilRates(counts: Record<PupilStanding, number>): { attested: number; success: number | null; quality: number | null } {
	const attested = PUPIL_STANDINGS.filter((s) => s !== 'none').reduce((n, s) => n + counts[s], 0);
	return {
		attested,
		success: share(attested - counts.failing, attested),
		quality: share(counts.excellent + counts.good, attested)
	};
}

/** Adds standing counts up (a parallel from its classes). */
export function addStandingCounts(...parts: ReadonlyArray<Record<PupilStanding, number>>): Record<PupilStanding, number> {
	const sum = standingCounts([]);
	for (const part of parts) for (const s of PUPIL_STANDINGS) sum[s] += part[s];
	return sum;
}

/** A share in per cent, or null when the whole is 0 (nothing to judge by). */
export function percentOf(part: number, whole: number): number | null {
	return share(part, whole);
}

/** How many days without a mark the journal control looks for by default, and the most it allows. */
export const QUIET_DAYS = { default: 14, max: 120 } as const;

/** The days asked for (untrusted text), or the default when it is not a whole number from 1 to the maximum. */
export function quietDaysOf(asked: string | null): number {
	const n = asked !== null && /^\d{1,3}$/.test(asked) ? Number(asked) : NaN;
	return n >= 1 && n <= QUIET_DAYS.max ? n : QUIET_DAYS.default;
}

/** Days after which a test work's marks are overdue. */
export const MARKS_DUE_DAYS = 7;
