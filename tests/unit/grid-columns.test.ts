/**
 * The columns of the live journal's sheet (R-4.4.1, R-4.3.11, R-2.7, X-MARKS, X-RU) as a teacher
 * sees them: which column stands where, what its header and tooltip say, and what each cell shows.
 * AG Grid is not started: the column definitions are called the way the grid calls them.
 */
import { describe, expect, test } from 'vitest';
import type { ColDef } from 'ag-grid-community';
import { countedDates, departedNote, journalColumns, lessonIdOf, markCellParts, PERIOD_COL, studentRow, type SheetSource, type StudentRow } from '../../src/lib/components/journal/grid-columns';
import type { MarkColumn } from '../../src/lib/collab/journal-api';
import type { CellView } from '../../src/lib/collab/live-journal.svelte';
import type { Peer } from '../../src/lib/collab/presence.svelte';
import { DEFAULT_CELL_RULES, EMPTY_CELL, type CellValue } from '../../src/lib/domain/cell';
import type { DocLesson, DocMeta, DocPeriodMark, DocStudent } from '../../src/lib/domain/journal-doc';
import type { PeriodColumnEntry } from '../../src/lib/domain/period-marks';

// ───── a 7А Russian journal in the second quarter ─────

const Q1 = { id: 1, name: '1 четверть', startsOn: '2026-09-01', endsOn: '2026-10-25', marksDeadline: '2026-10-24', closedOn: null, reopenedUntil: null, reopenReason: null };
const Q2 = { id: 2, name: '2 четверть', startsOn: '2026-11-05', endsOn: '2026-12-28', marksDeadline: '2026-12-27', closedOn: null, reopenedUntil: null, reopenReason: null };
const meta: DocMeta = {
	journalId: 1,
	className: '7А',
	subject: 'Русский язык',
	groupName: '7А',
	rules: DEFAULT_CELL_RULES,
	workTypes: [
		{ id: 1, code: 'oral', name: 'Ответ на уроке', weight: 1, topicRequired: false },
		{ id: 2, code: 'test', name: 'Контрольная работа', weight: 3, topicRequired: true }
	],
	grade: 7,
	periods: [Q1, Q2]
};
const lesson = (id: number, date: string, workTypeId: number | null = 1): DocLesson => ({ id, date, lessonNo: null, topic: null, homework: null, workTypeId });
// One lesson of the first quarter and three of the second.
const lessons = [lesson(10, '2026-10-20'), lesson(11, '2026-11-13'), lesson(12, '2026-11-18', 2), lesson(13, '2026-11-27')];
const andreev: DocStudent = { id: 101, name: 'Андреев Денис', from: '2026-09-01', to: null };
const belousov: DocStudent = { id: 102, name: 'Белоусов Денис', from: '2026-09-01', to: '2026-11-20' };

const v = (marks: number[], absence: string | null = null, comment: string | null = null): CellValue => ({ marks, absence, comment });
const cells: Record<string, CellView> = {
	'10:101': { value: v([2]), editId: 'a', pending: false },
	'11:101': { value: v([5, 4]), editId: 'b', pending: false },
	'12:101': { value: v([5], null, 'Без ошибок'), editId: 'c', pending: true },
	'13:101': { value: v([], 'н'), editId: 'd', pending: false },
	'11:102': { value: v([3]), editId: 'e', pending: false }
};
const cellOf = (lessonId: number, studentId: number): CellView => cells[`${lessonId}:${studentId}`] ?? { value: EMPTY_CELL, editId: null, pending: false };

const entry = (studentId: number, name: string, fields: Partial<PeriodColumnEntry>): PeriodColumnEntry => ({
	studentId,
	name,
	departed: false,
	suggested: null,
	rule: null,
	average: null,
	warnings: [],
	value: null,
	justification: null,
	authorName: null,
	setAt: null,
	...fields
});
const quarter2: MarkColumn = {
	column: { key: 'p2', kind: 'period', periodId: 2, title: '2 четверть', begun: true, open: true, reason: '' },
	columns: [
		{ key: 'p1', kind: 'period', periodId: 1, title: '1 четверть' },
		{ key: 'p2', kind: 'period', periodId: 2, title: '2 четверть' },
		{ key: 'year', kind: 'year', periodId: null, title: 'Год' }
	],
	students: [
		entry(101, 'Андреев Денис', { suggested: '5', rule: 'средний балл 4,60 — «5»', average: 4.6 }),
		entry(102, 'Белоусов Денис', { departed: true, suggested: '3', average: 3, warnings: ['Мало оценок: 1 из 3'] })
	],
	values: [],
	canWrite: true,
	forecasts: [
		{ studentId: 101, expected: '5', band: [4.4, 4.8], risks: [], advice: null },
		{ studentId: 102, expected: '2', band: null, risks: ['мало оценок'], advice: 'Спросить на ближайшем уроке.' }
	],
	warnings: []
};
const setMark: DocPeriodMark = { studentId: 101, kind: 'period', periodId: 2, value: '4', suggested: '5', justification: 'Пропустил контрольную', authorName: 'Воронова О. Г.', setAt: '2026-11-27T10:00:00Z' };
const peer: Peer = { clientId: 7, user: { name: 'Орлов И. П.', color: '#d62728' }, cell: { lessonId: 11, studentId: 101 } };

function sheet(overrides: Partial<SheetSource> = {}): SheetSource {
	return {
		lessons,
		meta,
		rules: DEFAULT_CELL_RULES,
		canWrite: true,
		column: quarter2,
		peerAt: (key) => (key === '11:101' ? peer : undefined),
		periodMark: (kind, periodId, studentId) => (kind === 'period' && periodId === 2 && studentId === 101 ? setMark : undefined),
		openLesson: () => {},
		...overrides
	};
}
const rows = (source = sheet()): Record<string, StudentRow> => {
	const range = countedDates(source.column, source.meta);
	return { andreev: studentRow(andreev, lessons, cellOf, range), belousov: studentRow(belousov, lessons, cellOf, range) };
};

// ───── what AG Grid would do with a column ─────

type Col = ColDef<StudentRow>;
const call = <T>(fn: unknown, params: object): T => (fn as (p: object) => T)(params);
const byId = (columns: Col[], colId: string): Col => {
	const column = columns.find((c) => c.colId === colId);
	if (!column) throw new Error(`no column ${colId}`);
	return column;
};
/** The order on screen: pinned left, then the scrolling part, then pinned right, each in definition order. */
const onScreen = (columns: Col[]) => [...columns.filter((c) => c.pinned === 'left'), ...columns.filter((c) => !c.pinned), ...columns.filter((c) => c.pinned === 'right')];
const shown = (column: Col, row: StudentRow): string => call(column.valueGetter, { data: row });
const tooltip = (column: Col, row: StudentRow): string | undefined => call(column.tooltipValueGetter, { data: row });
const classes = (column: Col, row: StudentRow): string[] => call(column.cellClass, { data: row });
const editable = (column: Col, row: StudentRow): boolean => call(column.editable, { data: row });

// Test titles name a column as its header reads and a student by name.
const HEADERS: Record<string, string> = { name: 'Ученик', count: 'Оценок', absences: 'Пропуски', average: 'Ср. балл', suggested: 'Итог', forecast: 'Прогноз', [PERIOD_COL]: '2 четверть' };
const header = (colId: string): string => {
	const lessonId = lessonIdOf(colId);
	const date = lessons.find((l) => l.id === lessonId)?.date;
	return date ? `урок ${date.slice(8, 10)}.${date.slice(5, 7)}` : HEADERS[colId];
};
const NAMES: Record<string, string> = { andreev: andreev.name, belousov: belousov.name };
/** What a case expects, as a title says it. */
const said = (value: unknown): string =>
	value === undefined || value === '' ? 'nothing' : typeof value === 'string' ? `«${value.replaceAll('\n', ' / ')}»` : String(value).replaceAll(',', ' ');
/** Cases [student, column, expected] with the student's name, the column's header and the expectation put first, for the title. */
const titled = <T extends [string, string, unknown]>(cases: T[]) => cases.map((c) => [NAMES[c[0]], header(c[1]), said(c[2]), ...c] as const);

describe('R-4.1.7 R-4.4.4 the week ahead by the timetable in the sheet', () => {
	test('greyed columns after the last lesson and before the counts: never edited, skipped by the keyboard, the day and the plan’s topic on hover', () => {
		const upcoming = [
			{ date: '2026-11-30', lessonNo: 2, change: null, topic: 'Причастный оборот' },
			{ date: '2026-12-02', lessonNo: 3, change: 'замена', topic: null }
		];
		const columns = journalColumns(sheet({ upcoming }));
		const ids = onScreen(columns).map((c) => c.colId);
		expect(ids.slice(ids.indexOf('l13'), ids.indexOf('count') + 1)).toEqual(['l13', 'upcoming0', 'upcoming1', 'count']);
		const first = byId(columns, 'upcoming0');
		expect([first.headerName, first.editable, first.suppressNavigable, first.headerClass, first.cellClass]).toEqual(['30.11', false, true, 'head-upcoming', 'cell-upcoming']);
		expect(first.headerTooltip).toBe('30.11.2026, 2-й урок по расписанию; тема по плану: Причастный оборот; столбец урока появится в его день.');
		expect(byId(columns, 'upcoming1').headerTooltip).toBe('02.12.2026, 3-й урок по расписанию (замена); столбец урока появится в его день.');
		expect(lessonIdOf('upcoming0')).toBeUndefined();
	});

	test('X-MARKS a compact sheet (a tablet) leaves the week ahead out, so five lessons held stay in sight', () => {
		const upcoming = [{ date: '2026-11-30', lessonNo: 2, change: null, topic: null }];
		const ids = onScreen(journalColumns(sheet({ upcoming, compact: true }))).map((c) => c.colId);
		expect(ids.filter((id) => id?.startsWith('upcoming'))).toEqual([]);
		expect(ids).toContain('l13');
	});
});

describe('R-4.4.1 X-MARKS the columns of the live journal', () => {
	test('a teacher sees the student pinned left, the lessons in journal order, the counts after the last lesson and the decisions pinned right', () => {
		const layout = onScreen(journalColumns(sheet())).map((c) => [c.colId, c.pinned ?? null]);
		expect(layout).toEqual([
			['name', 'left'],
			['l10', null],
			['l11', null],
			['l12', null],
			['l13', null],
			['count', null],
			['absences', null],
			['average', 'right'],
			['suggested', 'right'],
			['forecast', 'right'],
			[PERIOD_COL, 'right']
		]);
	});

	const headers: Array<[colId: string, headerName: string, headerTooltip: string | undefined]> = [
		['name', 'Ученик', undefined],
		['count', 'Оценок', 'Количество оценок — 2 четверть'],
		['absences', 'Пропуски', 'Количество пропусков — 2 четверть'],
		['average', 'Ср. балл', 'Средний взвешенный балл — 2 четверть'],
		['suggested', 'Итог', 'Предлагаемая отметка — 2 четверть по правилам школы'],
		['forecast', 'Прогноз', 'Ожидаемая отметка к концу периода'],
		[PERIOD_COL, '2 четверть', 'Отметка «2 четверть»; в скобках — предложенная.']
	];
	test.each(headers.map((row) => [row[1], said(row[2]), ...row] as const))('the column headed «%s» says on hover %s', (_header, _said, colId, headerName, headerTooltip) => {
		const column = byId(journalColumns(sheet()), colId);
		expect(column.headerName).toBe(headerName);
		expect(column.headerTooltip).toBe(headerTooltip);
	});

	test('no header or tooltip on screen carries a requirement ID', () => {
		const texts: string[] = journalColumns(sheet()).flatMap((c) => [c.headerName ?? '', typeof c.headerTooltip === 'string' ? c.headerTooltip : '']);
		const { andreev: row } = rows();
		for (const column of journalColumns(sheet())) if (column.tooltipValueGetter) texts.push(tooltip(column, row) ?? '');
		expect(texts.filter((text) => /\b[RX]-[\dA-Z]/.test(text))).toEqual([]);
	});

	test('a closed period says why in the mark column header, and its cells cannot be typed into', () => {
		const closed: MarkColumn = { ...quarter2, column: { ...quarter2.column, open: false, reason: 'Период закрыт 28.12.2026.' } };
		const column = byId(journalColumns(sheet({ column: closed })), PERIOD_COL);
		expect(column.headerTooltip).toBe('Отметка «2 четверть»; в скобках — предложенная. Период закрыт 28.12.2026.');
		expect(editable(column, rows().andreev)).toBe(false);
	});

	test('until the marks sheet has loaded there is no forecast and no mark column, and the average is a dash', () => {
		const source = sheet({ column: null });
		const columns = journalColumns(source);
		expect(columns.map((c) => c.colId)).toEqual(['name', 'l10', 'l11', 'l12', 'l13', 'average', 'count', 'absences', 'suggested']);
		expect(byId(columns, 'average').headerTooltip).toBe('Средний взвешенный балл');
		expect(shown(byId(columns, 'average'), rows(source).andreev)).toBe('—');
	});

	test('a column without forecasts (a closed period, the year) has no forecast column', () => {
		const columns = journalColumns(sheet({ column: { ...quarter2, forecasts: [] } }));
		expect(columns.map((c) => c.colId)).not.toContain('forecast');
		expect(columns.map((c) => c.colId)).toContain(PERIOD_COL);
	});
});

describe('X-MARKS X-RU what the cells of a student row show', () => {
	test.each(
		titled([
			['andreev', 'name', 'Андреев Денис'],
			['andreev', 'l10', '2'],
			['andreev', 'l11', '5/4'],
			['andreev', 'l12', '5'],
			['andreev', 'l13', 'н'],
			// The counts are of the chosen quarter: the «2» of October is left out.
			['andreev', 'count', '3'],
			['andreev', 'absences', '1'],
			['andreev', 'average', '4,60'],
			['andreev', 'suggested', '5'],
			['andreev', 'forecast', '5'],
			['andreev', PERIOD_COL, '4'],
			['belousov', 'l11', '3'],
			['belousov', 'l13', ''],
			['belousov', 'average', '3,00'],
			// A risk is flagged beside the forecast.
			['belousov', 'forecast', '2 !'],
			['belousov', PERIOD_COL, '']
		])
	)('%s, «%s»: the cell shows %s', (_name, _header, _said, who, colId, text) => {
		expect(shown(byId(journalColumns(sheet()), colId), rows()[who])).toBe(text);
	});

	test('with no period chosen the counts are of the whole year', () => {
		const year: MarkColumn = { ...quarter2, column: { ...quarter2.column, key: 'year', kind: 'year', periodId: null, title: 'Год' } };
		const source = sheet({ column: year });
		expect(shown(byId(journalColumns(source), 'count'), rows(source).andreev)).toBe('4');
		expect(byId(journalColumns(source), 'count').headerTooltip).toBe('Количество оценок — Год');
	});

	test.each([
		['a mark set that differs from the suggestion shows the mark in bold and « (5)» beside it', '4', '5', { mark: '4', hint: ' (5)' }],
		['a mark set as suggested shows the mark alone', '5', '5', { mark: '5', hint: null }],
		['no mark set yet shows only the suggestion «(5)»', null, '5', { mark: null, hint: '(5)' }],
		['no mark and no suggestion shows nothing', null, null, { mark: null, hint: null }]
	])('the mark cell: %s', (_, set, suggested, parts) => {
		expect(markCellParts(set, suggested)).toEqual(parts);
	});

	test.each(
		titled([
			['andreev', 'l12', 'Комментарий: Без ошибок'],
			['andreev', 'l11', 'Здесь: Орлов И. П.'],
			['andreev', 'l13', undefined],
			['andreev', 'suggested', 'средний балл 4,60 — «5»'],
			['belousov', 'suggested', 'Мало оценок: 1 из 3'],
			['andreev', 'forecast', 'Ожидается к концу периода: 5\nСредний балл к концу периода: 4,40–4,80 (с вероятностью 90 %)'],
			['belousov', 'forecast', 'Ожидается к концу периода: 2\nРиски: мало оценок\nСпросить на ближайшем уроке.'],
			['andreev', PERIOD_COL, 'Предложено: 5 — средний балл 4,60 — «5»\nВыставлено: 4 (Воронова О. Г.)\nОбоснование: Пропустил контрольную'],
			['belousov', PERIOD_COL, 'Предложено: 3\nОтметка не выставлена'],
			['andreev', 'name', undefined],
			['belousov', 'name', 'Выбыл(а) из группы 20.11.2026']
		])
	)('%s, «%s»: hovering the cell says %s', (_name, _header, _said, who, colId, text) => {
		expect(tooltip(byId(journalColumns(sheet()), colId), rows()[who])).toBe(text);
	});

	test('a student who left the group has a note beside the name with the date', () => {
		expect(departedNote(belousov)).toBe(' выбыл(а) 20.11.2026');
		expect(departedNote(andreev)).toBeNull();
	});

	test.each(
		titled([
			['andreev', 'l10', ['cell-lesson', 'cell-low']],
			['andreev', 'l11', ['cell-lesson']],
			['andreev', 'l12', ['cell-lesson', 'cell-top', 'cell-comment', 'cell-pending']],
			['andreev', 'l13', ['cell-lesson', 'cell-absence']],
			['belousov', 'l13', ['cell-lesson', 'cell-outside']],
			['andreev', 'forecast', ['cell-summary']],
			['belousov', 'forecast', ['cell-summary', 'cell-risk']],
			['andreev', PERIOD_COL, ['cell-summary', 'cell-period', 'cell-period-set']],
			['belousov', PERIOD_COL, ['cell-summary', 'cell-period']]
		])
	)('%s, «%s»: the cell is styled %s', (_name, _header, _said, who, colId, expected) => {
		expect(classes(byId(journalColumns(sheet()), colId), rows()[who])).toEqual(expected);
	});

	test('the cell another person is on is outlined in their colour', () => {
		const { andreev: row } = rows();
		const column = byId(journalColumns(sheet()), 'l11');
		expect(call(column.cellClassRules!['peer-here'], { data: row })).toBe(true);
		expect(call(column.cellStyle, { data: row })).toEqual({ '--peer-color': '#d62728' });
		expect(call(byId(journalColumns(sheet()), 'l12').cellStyle, { data: row })).toEqual({ '--peer-color': 'transparent' });
	});
});

describe('X-MARKS who can type where', () => {
	test.each([
		['a teacher may type into a lesson of a student in the group', true, 'andreev', 'l13', true],
		['a teacher may type into a lesson before the student left', true, 'belousov', 'l11', true],
		['a teacher may not type into a lesson after the student left', true, 'belousov', 'l13', false],
		['a read-only viewer may not type into a lesson', false, 'andreev', 'l13', false],
		['a teacher may type into the open mark column', true, 'andreev', PERIOD_COL, true],
		['a read-only viewer may not type into the mark column', false, 'andreev', PERIOD_COL, false]
	] as const)('%s', (_, canWrite, who, colId, expected) => {
		expect(editable(byId(journalColumns(sheet({ canWrite })), colId), rows()[who])).toBe(expected);
	});

	test('lesson columns are known by their id, every other column is not a lesson', () => {
		expect(lessonIdOf('l12')).toBe(12);
		expect(lessonIdOf('average')).toBeUndefined();
		expect(lessonIdOf(PERIOD_COL)).toBeUndefined();
		expect(lessonIdOf(null)).toBeUndefined();
	});

	test('a lesson header shows the type of work and opens the lesson on click', () => {
		const opened: number[] = [];
		const column = byId(journalColumns(sheet({ openLesson: (id) => opened.push(id) })), 'l12');
		const params = column.headerComponentParams as { workType?: { name: string }; onOpen: (id: number) => void };
		expect(params.workType?.name).toBe('Контрольная работа');
		params.onOpen(12);
		expect(opened).toEqual([12]);
	});
});
