/**
 * The columns of the journal sheet (X-MARKS, R-4.4.1) as AG Grid column definitions, and the row
 * each student gets. From left to right a teacher sees the student (pinned), one column per
 * lesson, the counts after the last lesson, and the decisions pinned right: the average, the
 * suggested mark, the forecast (R-2.7) and the mark of the chosen column (R-4.3.11).
 *
 * The definitions read the page through a `SheetSource` whenever AG Grid asks, not when they are
 * built: presence, rules, marks set and the chosen column's suggestions change without a rebuild.
 */
import type { CellClassParams, ColDef, Column, ICellRendererParams } from 'ag-grid-community';
import { EMPTY_CELL, formatCell, type CellRules, type CellValue } from '../../domain/cell.ts';
import { cellKey, type DocLesson, type DocMeta, type DocPeriodMark, type DocStudent } from '../../domain/journal-doc.ts';
import { formatDate, formatDayMonth } from '../../domain/dates.ts';
import { formatAverage } from '../../domain/marks.ts';
import { countCells, inGroupOn, type CellCounts } from '../../domain/journal-summary.ts';
import type { PeriodColumnEntry, PeriodMarkKind } from '../../domain/period-marks.ts';
import type { CellView } from '../../collab/live-journal.svelte.ts';
import type { Peer } from '../../collab/presence.svelte.ts';
import type { MarkColumn } from '../../collab/journal-api.ts';
import { LessonHeader, type LessonHeaderParams } from './lesson-header.ts';

/** The id of the mark column of the chosen period (or year, exam, final). */
export const PERIOD_COL = 'period';

const LESSON_COL = /^l(\d+)$/;

/** A student's row: the cells of every lesson and the counts of the computed columns. */
export interface StudentRow {
	id: string;
	student: DocStudent;
	cells: Record<number, CellView>;
	summary: CellCounts;
}

/** What the columns read from the journal page, at the moment AG Grid asks. */
export interface SheetSource {
	/** Lessons in journal order. */
	readonly lessons: readonly DocLesson[];
	/** The journal's settings: types of work, periods. */
	readonly meta: DocMeta | null;
	/** The school's cell rules: the scale decides which marks are coloured low or top. */
	readonly rules: CellRules;
	/** False: nothing is editable. */
	readonly canWrite: boolean;
	/** The chosen column of the marks sheet with the server's suggestions; null until loaded. */
	readonly column: MarkColumn | null;
	/** The other person whose cursor is on a cell (by cell key), if any. */
	peerAt(key: string): Peer | undefined;
	/** The period, year, exam or final mark set, live from the document. */
	periodMark(kind: PeriodMarkKind, periodId: number | null, studentId: number): DocPeriodMark | undefined;
	/** A lesson header was clicked. */
	openLesson(lessonId: number): void;
	/** The week ahead by the timetable: greyed columns after the lessons, not yet lessons (each becomes one on its day). */
	readonly upcoming?: readonly UpcomingColumn[];
	/**
	 * A narrow sheet (a tablet, a phone on its side): a narrower name column and lesson columns,
	 * and only the mark column pinned right, so the lessons keep the width.
	 */
	readonly compact?: boolean;
}

/** A lesson of the week ahead by the timetable, as its greyed column shows it. */
export interface UpcomingColumn {
	date: string;
	lessonNo: number;
	/** «замена», «перенос», «дополнительный урок», or null. */
	change: string | null;
	/** The topic the thematic plan puts on that day, if the journal has a plan. */
	topic?: string | null;
}

/** Widths of the pinned name column and of a lesson column, in a wide and in a compact sheet. */
export const COLUMN_WIDTHS = { name: 230, compactName: 124, lesson: 68, compactLesson: 56, upcoming: 46 } as const;

/** The column id of a lesson. */
export function lessonColId(lessonId: number): string {
	return `l${lessonId}`;
}

/** The lesson of a column (or column id), or undefined for every other column. */
export function lessonIdOf(column: Column | string | null | undefined): number | undefined {
	const id = typeof column === 'string' ? column : column?.getColId();
	const match = id ? LESSON_COL.exec(id) : null;
	return match ? Number(match[1]) : undefined;
}

/** The dates of the chosen period, whose marks and absences the counts are of (the whole year otherwise). */
export function countedDates(column: MarkColumn | null, meta: DocMeta | null): { from: string; to: string } | undefined {
	const periodId = column?.column.kind === 'period' ? column.column.periodId : null;
	const period = periodId === null ? undefined : meta?.periods?.find((p) => p.id === periodId);
	return period ? { from: period.startsOn, to: period.endsOn } : undefined;
}

/** A student's row: every lesson's cell as shown, and the counts of the cells within `range`. */
export function studentRow(student: DocStudent, lessons: readonly DocLesson[], cellOf: (lessonId: number, studentId: number) => CellView, range: { from: string; to: string } | undefined): StudentRow {
	const cells: Record<number, CellView> = {};
	const counted: CellValue[] = [];
	for (const lesson of lessons) {
		const view = cellOf(lesson.id, student.id);
		cells[lesson.id] = view;
		if (!range || (lesson.date >= range.from && lesson.date <= range.to)) counted.push(view.value);
	}
	return { id: String(student.id), student, cells, summary: countCells(counted) };
}

/** What the mark cell shows: the mark set in bold, and the suggestion in brackets beside it unless they agree. */
export function markCellParts(set: string | null, suggested: string | null): { mark: string | null; hint: string | null } {
	return { mark: set || null, hint: suggested && suggested !== set ? `${set ? ' ' : ''}(${suggested})` : null };
}

/** The note beside the name of a student who left the group. */
export function departedNote(student: DocStudent): string | null {
	return student.to ? ` выбыл(а) ${formatDate(student.to)}` : null;
}

/** Every column of the sheet, in the order AG Grid lays them out within each pinned side. */
export function journalColumns(source: SheetSource): ColDef<StudentRow>[] {
	const column = source.column;
	const span = column ? ` — ${column.column.title}` : '';
	// The server's suggestion for the student in the chosen column.
	const entryOf = (row: StudentRow): PeriodColumnEntry | undefined => source.column?.students.find((entry) => entry.studentId === row.student.id);
	const compact = source.compact === true;
	const average = summaryColumn('average', 'Ср. балл', `Средний взвешенный балл${span}`, (row) => formatAverage(entryOf(row)?.average ?? null), undefined, compact);
	return [
		studentColumn(compact),
		...source.lessons.map((lesson) => lessonColumn(source, lesson)),
		// A compact sheet (a tablet, a phone on its side) gives the week ahead's width to the lessons held.
		...(compact ? [] : (source.upcoming ?? []).map((lesson, i) => upcomingColumn(lesson, i))),
		// Compact: the average follows the counts in the scrolling part instead of being pinned.
		...(compact ? [] : [average]),
		summaryColumn('count', 'Оценок', `Количество оценок${span}`, (row) => String(row.summary.markCount)),
		summaryColumn('absences', 'Пропуски', `Количество пропусков${span}`, (row) => String(row.summary.absenceCount)),
		...(compact ? [average] : []),
		summaryColumn(
			'suggested',
			'Итог',
			`Предлагаемая отметка${span} по правилам школы`,
			(row) => entryOf(row)?.suggested ?? '',
			(row) => {
				const entry = entryOf(row);
				return entry ? [entry.rule ?? '', ...entry.warnings].filter(Boolean).join('\n') : '';
			},
			compact
		),
		...((column?.forecasts?.length ?? 0) > 0 ? [forecastColumn(source)] : []),
		...(column ? [markColumn(source, column)] : [])
	];
}

function studentColumn(compact: boolean): ColDef<StudentRow> {
	return {
		colId: 'name',
		headerName: 'Ученик',
		pinned: 'left',
		width: compact ? COLUMN_WIDTHS.compactName : COLUMN_WIDTHS.name,
		editable: false,
		sortable: false,
		suppressMovable: true,
		suppressHeaderMenuButton: true,
		cellClass: 'cell-name',
		valueGetter: (params) => params.data?.student.name ?? '',
		cellRenderer: nameRenderer,
		tooltipValueGetter: (params) => (params.data?.student.to ? `Выбыл(а) из группы ${formatDate(params.data.student.to)}` : undefined)
	};
}

function nameRenderer(params: ICellRendererParams<StudentRow>): HTMLElement {
	const span = document.createElement('span');
	const student = params.data?.student;
	span.textContent = student?.name ?? '';
	const departed = student ? departedNote(student) : null;
	if (departed) {
		const note = document.createElement('small');
		note.className = 'departed-note';
		note.textContent = departed;
		span.append(note);
	}
	return span;
}

// Lowest marks red, a cell of top marks green, absences in their own colour.
function markClass(value: CellValue, rules: CellRules): string | undefined {
	if (value.marks.length === 0) return value.absence ? 'cell-absence' : undefined;
	const low = Math.min(...value.marks);
	if (low <= rules.scale.min) return 'cell-low';
	return value.marks.every((mark) => mark === rules.scale.max) ? 'cell-top' : undefined;
}

function lessonColumn(source: SheetSource, lesson: DocLesson): ColDef<StudentRow> {
	const workType = source.meta?.workTypes.find((type) => type.id === lesson.workTypeId);
	const headerParams: LessonHeaderParams = { lesson, workType, onOpen: (id) => source.openLesson(id) };
	const cellOf = (row: StudentRow | undefined) => row?.cells[lesson.id]?.value ?? EMPTY_CELL;
	const peerOn = (row: StudentRow | undefined) => (row ? source.peerAt(cellKey(lesson.id, row.student.id)) : undefined);
	return {
		colId: lessonColId(lesson.id),
		headerComponent: LessonHeader,
		headerComponentParams: headerParams,
		width: source.compact ? COLUMN_WIDTHS.compactLesson : COLUMN_WIDTHS.lesson,
		minWidth: COLUMN_WIDTHS.compactLesson,
		valueGetter: (params) => formatCell(cellOf(params.data)),
		editable: (params) => source.canWrite && !!params.data && inGroupOn(params.data.student, lesson.date),
		tooltipValueGetter: (params) => {
			const value = cellOf(params.data);
			const peer = peerOn(params.data);
			const parts = [value.comment ? `Комментарий: ${value.comment}` : '', peer ? `Здесь: ${peer.user.name}` : ''].filter(Boolean);
			return parts.length ? parts.join('\n') : undefined;
		},
		cellClass: (params: CellClassParams<StudentRow>) => {
			const view = params.data?.cells[lesson.id];
			const classes = ['cell-lesson'];
			const mark = view ? markClass(view.value, source.rules) : undefined;
			if (mark) classes.push(mark);
			if (view?.value.comment) classes.push('cell-comment');
			if (view?.pending) classes.push('cell-pending');
			if (params.data && !inGroupOn(params.data.student, lesson.date)) classes.push('cell-outside');
			return classes;
		},
		cellClassRules: {
			'peer-here': (params) => peerOn(params.data) !== undefined
		},
		cellStyle: (params) => ({ '--peer-color': peerOn(params.data)?.user.color ?? 'transparent' }),
		sortable: false,
		suppressMovable: true,
		suppressHeaderMenuButton: true
	};
}

/** The text of a greyed column of the week ahead, for hover and screen readers (one line: the grid's tooltip keeps no line breaks). */
export function upcomingTitle(lesson: UpcomingColumn): string {
	return [
		`${formatDate(lesson.date)}, ${lesson.lessonNo}-й урок по расписанию${lesson.change ? ` (${lesson.change})` : ''}`,
		lesson.topic ? `тема по плану: ${lesson.topic}` : '',
		'столбец урока появится в его день.'
	]
		.filter(Boolean)
		.join('; ');
}

// A lesson of the week ahead: a narrow header and empty grey cells, never edited, skipped by the
// keyboard; narrow, so the latest lessons and the counts stay in sight beside them.
function upcomingColumn(lesson: UpcomingColumn, index: number): ColDef<StudentRow> {
	return {
		colId: `upcoming${index}`,
		headerName: formatDayMonth(lesson.date),
		headerTooltip: upcomingTitle(lesson),
		headerClass: 'head-upcoming',
		cellClass: 'cell-upcoming',
		width: COLUMN_WIDTHS.upcoming,
		minWidth: COLUMN_WIDTHS.upcoming,
		editable: false,
		suppressNavigable: true,
		sortable: false,
		suppressMovable: true,
		suppressHeaderMenuButton: true,
		valueGetter: () => ''
	};
}

function summaryColumn(
	colId: string,
	headerName: string,
	headerTooltip: string,
	value: (row: StudentRow) => string,
	tooltip?: (row: StudentRow) => string,
	compact = false
): ColDef<StudentRow> {
	return {
		colId,
		headerName,
		headerTooltip,
		// The decisions stay in sight (pinned); the counts follow the last lesson, where a teacher works.
		// A compact sheet pins none of them: the lessons need the width.
		pinned: compact || colId === 'count' || colId === 'absences' ? undefined : 'right',
		width: colId === 'absences' ? 84 : colId === 'count' ? 70 : colId === 'average' ? 76 : 60,
		editable: false,
		sortable: false,
		suppressMovable: true,
		suppressHeaderMenuButton: true,
		cellClass: 'cell-summary',
		headerClass: 'head-summary',
		valueGetter: (params) => (params.data ? value(params.data) : ''),
		tooltipValueGetter: tooltip ? (params) => (params.data ? tooltip(params.data) || undefined : undefined) : undefined
	};
}

/** R-2.7: the expected mark at the period's end, with its band, risks and advice on hover. */
function forecastColumn(source: SheetSource): ColDef<StudentRow> {
	const forecastOf = (row: StudentRow | undefined) => (row ? source.column?.forecasts?.find((entry) => entry.studentId === row.student.id) : undefined);
	return {
		colId: 'forecast',
		headerName: 'Прогноз',
		headerTooltip: 'Ожидаемая отметка к концу периода',
		pinned: source.compact ? undefined : 'right',
		width: 76,
		editable: false,
		sortable: false,
		suppressMovable: true,
		suppressHeaderMenuButton: true,
		headerClass: 'head-summary',
		cellClass: (params: CellClassParams<StudentRow>) => ['cell-summary', ...((forecastOf(params.data)?.risks.length ?? 0) > 0 ? ['cell-risk'] : [])],
		valueGetter: (params) => {
			const forecast = forecastOf(params.data);
			return forecast ? `${forecast.expected}${forecast.risks.length > 0 ? ' !' : ''}` : '';
		},
		tooltipValueGetter: (params) => {
			const forecast = forecastOf(params.data);
			if (!forecast) return undefined;
			return [
				`Ожидается к концу периода: ${forecast.expected}`,
				forecast.band ? `Средний балл к концу периода: ${formatAverage(forecast.band[0])}–${formatAverage(forecast.band[1])} (с вероятностью 90 %)` : '',
				forecast.risks.length > 0 ? `Риски: ${forecast.risks.join(', ')}` : '',
				forecast.advice ?? ''
			]
				.filter(Boolean)
				.join('\n');
		}
	};
}

/** R-4.3.11: the mark column of the chosen period (or year, exam, final), next to «Итог»; writable while it is open. */
function markColumn(source: SheetSource, chosen: MarkColumn): ColDef<StudentRow> {
	const { title, open, reason } = chosen.column;
	// The suggestion and the mark set follow the column chosen now, the mark live from the document.
	const entryOf = (row: StudentRow | undefined) => (row ? source.column?.students.find((entry) => entry.studentId === row.student.id) : undefined);
	const markOf = (row: StudentRow | undefined) => {
		const column = source.column;
		return row && column ? source.periodMark(column.column.kind, column.column.periodId, row.student.id) : undefined;
	};
	return {
		colId: PERIOD_COL,
		headerName: title,
		headerTooltip: `Отметка «${title}»; в скобках — предложенная. ${open ? '' : reason}`.trim(),
		pinned: 'right',
		width: 80,
		sortable: false,
		suppressMovable: true,
		suppressHeaderMenuButton: true,
		headerClass: 'head-summary',
		cellClass: (params: CellClassParams<StudentRow>) => ['cell-summary', 'cell-period', ...(markOf(params.data) ? ['cell-period-set'] : [])],
		editable: (params) => source.canWrite && chosen.canWrite && open && !!entryOf(params.data),
		valueGetter: (params) => markOf(params.data)?.value ?? '',
		cellRenderer: (params: ICellRendererParams<StudentRow>) => markRenderer(markCellParts(markOf(params.data)?.value ?? null, entryOf(params.data)?.suggested ?? null)),
		tooltipValueGetter: (params) => {
			const entry = entryOf(params.data);
			const set = markOf(params.data);
			if (!entry && !set) return undefined;
			return [
				entry?.suggested ? `Предложено: ${entry.suggested}${entry.rule ? ` — ${entry.rule}` : ''}` : '',
				set ? `Выставлено: ${set.value}${set.authorName ? ` (${set.authorName})` : ''}` : 'Отметка не выставлена',
				set?.justification ? `Обоснование: ${set.justification}` : ''
			]
				.filter(Boolean)
				.join('\n');
		}
	};
}

// The set mark in bold with the suggestion beside it in grey.
function markRenderer(parts: { mark: string | null; hint: string | null }): HTMLElement {
	const span = document.createElement('span');
	if (parts.mark) {
		const mark = document.createElement('b');
		mark.className = 'period-mark';
		mark.textContent = parts.mark;
		span.append(mark);
	}
	if (parts.hint) {
		const hint = document.createElement('small');
		hint.className = 'period-suggested';
		hint.textContent = parts.hint;
		span.append(hint);
	}
	return span;
}
