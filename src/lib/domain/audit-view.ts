/**
 * The audit view (X-AUDIT): what the administration filters the log by — the person who did it,
 * the days, the kind of change — and how an entry is named in Russian. Pure: the server reads
 * the query string, this checks it and names what the log stores.
 */
import { isIsoDate } from './dates.ts';

/** Kinds of change the filter offers, each the log's entities it covers. */
export const AUDIT_KINDS = {
	marks: { name: 'Оценки и пропуски', entities: ['journal_cell'] },
	period_marks: { name: 'Итоговые отметки', entities: ['period_mark'] },
	lessons: { name: 'Уроки и материалы', entities: ['lesson', 'lesson_attachment'] },
	people: { name: 'Ученики, родители, сотрудники', entities: ['person', 'guardian', 'enrolment', 'group_member', 'staff_role', 'import'] },
	accounts: { name: 'Учётные записи и коды', entities: ['account', 'activation_code'] },
	structure: { name: 'Годы, классы, предметы, группы, нагрузка', entities: ['school_year', 'period', 'holiday', 'class', 'subject', 'study_group', 'journal', 'journal_substitute'] },
	settings: { name: 'Настройки школы и копии', entities: ['school', 'grading_rules', 'work_type', 'setup_token', 'backup'] },
	diary: { name: 'Дневник', entities: ['diary_week'] }
} as const satisfies Record<string, { name: string; entities: readonly string[] }>;

/** A kind of change of the filter. */
export type AuditKind = keyof typeof AUDIT_KINDS;

/** What is filtered: any of the person, the first and last day, the kind. */
export interface AuditFilter {
	personId: number | null;
	from: string | null;
	to: string | null;
	kind: AuditKind | null;
}

/** Every message of the audit view (X-RU). */
export const AUDIT_MESSAGES = {
	badDate: 'Дата — в виде ДД.ММ.ГГГГ из календаря.',
	order: 'Первый день позже последнего.',
	kind: 'Такого вида изменений нет.'
} as const;

/** The filter of a query string's values, or why it cannot be used. */
export function checkAuditFilter(input: { person?: string | null; from?: string | null; to?: string | null; kind?: string | null }): { ok: true; value: AuditFilter } | { ok: false; reason: string; value: AuditFilter } {
	const id = Number(input.person);
	const personId = input.person && Number.isInteger(id) && id > 0 ? id : null;
	const from = input.from || null;
	const to = input.to || null;
	const kind = input.kind && input.kind in AUDIT_KINDS ? (input.kind as AuditKind) : null;
	const value = { personId, from: from && isIsoDate(from) ? from : null, to: to && isIsoDate(to) ? to : null, kind };
	if ((from && !isIsoDate(from)) || (to && !isIsoDate(to))) return { ok: false, reason: AUDIT_MESSAGES.badDate, value };
	if (input.kind && !kind) return { ok: false, reason: AUDIT_MESSAGES.kind, value };
	if (from && to && from > to) return { ok: false, reason: AUDIT_MESSAGES.order, value };
	return { ok: true, value };
}

/** The kind of change an entity of the log belongs to, named in Russian («Прочее» for one no kind lists). */
export function kindNameOf(entity: string): string {
	for (const kind of Object.values(AUDIT_KINDS)) if ((kind.entities as readonly string[]).includes(entity)) return kind.name;
	return 'Прочее';
}

/** The verbs the log's actions end with, in Russian. */
const VERBS: Record<string, string> = {
	create: 'создание',
	insert: 'создание',
	add: 'добавление',
	issue: 'выдача',
	revoke: 'отзыв',
	update: 'изменение',
	change: 'изменение',
	delete: 'удаление',
	remove: 'удаление',
	close: 'закрытие',
	reopen: 'открытие',
	rollover: 'перевод в следующий год',
	move: 'перевод',
	enrol: 'зачисление',
	depart: 'выбытие',
	block: 'блокировка',
	unblock: 'разблокировка',
	grant: 'назначение',
	apply: 'загрузка',
	activate: 'активация',
	reset_password: 'сброс пароля',
	verify: 'выверка данных',
	edit: 'изменение'
};

/** An action of the log in Russian: its last word's verb, else «изменение». */
export function actionNameOf(action: string): string {
	const words = action.split(/[._]/);
	return VERBS[action] ?? VERBS[words.at(-1) ?? ''] ?? VERBS[words[0]] ?? 'изменение';
}

/** Who made an entry, as the view names them: the person, else what made it (the demo generator, the system). */
export function authorOf(entry: { actorName: string | null; source: string }): string {
	if (entry.actorName) return entry.actorName;
	return entry.source === 'demo' ? 'генератор демонстрационной школы' : 'система';
}
