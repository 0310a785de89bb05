/**
 * Subgroups of a class for a subject, moves of a student between them from a date, the journals
 * a class gets from the curriculum, and the teaching load. Pure: the server
 * reads the form and what exists, these functions decide, with a reason in Russian.
 */
import { formatDate, isIsoDate } from './dates.ts';
import { pluralRu } from './plural.ts';

/** The longest name of a subgroup (characters). */
export const MAX_GROUP_NAME_LENGTH = 60;

/** Every message about groups, journals and the teaching load, in one place for review (X-RU). */
export const GROUP_MESSAGES = {
	classNotFound: 'Класс не найден.',
	subjectNotFound: 'Предмет не найден.',
	groupNotFound: 'Группа не найдена.',
	journalNotFound: 'Журнал не найден.',
	studentNotFound: 'Ученик не найден.',
	teacherNotFound: 'Учитель должен быть сотрудником школы.',
	name: 'Укажите название группы.',
	nameTooLong: `Название группы длиннее ${MAX_GROUP_NAME_LENGTH} символов.`,
	nameTaken: (name: string) => `Группа «${name}» по этому предмету в классе уже есть.`,
	wholeClassRename: 'Группа «весь класс» называется по классу и не переименовывается.',
	moveToWholeClass: 'Переводить можно только между подгруппами: в группе «весь класс» ученик и так числится.',
	date: 'Укажите дату перевода в виде ДД.ММ.ГГГГ.',
	dateOutsideYear: (from: string, to: string) => `Дата перевода должна быть в учебном году: с ${formatDate(from)} по ${formatDate(to)}.`,
	notInClass: (date: string) => `Ученик не числится в классе ${formatDate(date)}.`,
	alreadyThere: (group: string) => `Ученик уже в группе «${group}».`,
	joinedLater: (group: string, date: string) =>
		`Ученик в группе «${group}» с ${formatDate(date)}: перевести его можно только с более поздней даты.`,
	marksAfter: (group: string, date: string) =>
		`В журнале группы «${group}» у ученика есть записи с ${formatDate(date)} и позже: отметки остаются там, где поставлены, поэтому переведите ученика с более поздней даты.`,
	subgroupAdded: (name: string) => `Группа «${name}» добавлена.`,
	renamed: (name: string) => `Группа переименована: «${name}».`,
	moved: (student: string, group: string, date: string) => `${student} с ${formatDate(date)} в группе «${group}».`,
	journalsCreated: (n: number) =>
		n === 0 ? 'Все журналы по учебному плану уже созданы.' : `Создано ${n} ${pluralRu(n, ['журнал', 'журнала', 'журналов'])} по учебному плану.`,
	noCurriculum: (grade: number) => `В учебном плане нет предметов для ${grade} класса: сначала заполните его на странице предметов.`,
	teacherAssigned: (teacher: string) => `${teacher} ведёт этот журнал.`,
	teacherAlready: (teacher: string) => `${teacher} уже ведёт этот журнал.`,
	teacherRemoved: (teacher: string) => `${teacher} больше не ведёт этот журнал.`,
	teacherNotAssigned: 'Этот учитель журнал не ведёт.',
	substituteDates: 'Укажите даты замены в виде ДД.ММ.ГГГГ: с какого дня и по какой.',
	substituteOrder: 'Дата окончания замены раньше даты начала.',
	substituteOutsideYear: (from: string, to: string) => `Замена должна быть в учебном году: с ${formatDate(from)} по ${formatDate(to)}.`,
	substituteIsTeacher: (teacher: string) => `${teacher} и так ведёт этот журнал.`,
	substituteOverlaps: (teacher: string) => `${teacher} уже заменяет в этом журнале в эти дни.`,
	substituteAdded: (teacher: string, from: string, to: string) => `${teacher} заменяет в журнале с ${formatDate(from)} по ${formatDate(to)}.`,
	substituteNotFound: 'Замена не найдена.',
	substituteRemoved: (teacher: string) => `Замена отменена: ${teacher}.`
} as const;

/** A result: the value, or why not. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A subgroup's name as typed: trimmed, inner spaces collapsed, not empty and not too long. */
export function checkGroupName(raw: unknown): Checked<string> {
	const name = typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ') : '';
	if (name === '') return { ok: false, reason: GROUP_MESSAGES.name };
	if (name.length > MAX_GROUP_NAME_LENGTH) return { ok: false, reason: GROUP_MESSAGES.nameTooLong };
	return { ok: true, value: name };
}

/** A date as a form sends it (YYYY-MM-DD from a date input, or ДД.ММ.ГГГГ typed), as YYYY-MM-DD. */
export function parseFormDate(raw: unknown): string | undefined {
	if (typeof raw !== 'string') return undefined;
	const text = raw.trim();
	const russian = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
	const iso = russian ? `${russian[3]}-${russian[2]}-${russian[1]}` : text;
	return isIsoDate(iso) ? iso : undefined;
}

/** One membership of a student in a group: from the first day to the last (null: still there). */
export interface Membership {
	groupId: number;
	groupName: string;
	fromOn: string;
	toOn: string | null;
}

/**
 * Whether a student may join a subgroup from a date, given the year's dates, the day's
 * whole-class membership and the memberships in the other subgroups of the same subject that the
 * move would close. Membership is history: a row is closed the day before the move, never
 * deleted or shortened below its first day.
 */
export function checkMove(input: {
	date: string;
	year: { startsOn: string; endsOn: string };
	inClassOnDate: boolean;
	target: { id: number; name: string };
	open: readonly Membership[];
}): Checked<undefined> {
	const { date, year } = input;
	if (date < year.startsOn || date > year.endsOn) return { ok: false, reason: GROUP_MESSAGES.dateOutsideYear(year.startsOn, year.endsOn) };
	if (!input.inClassOnDate) return { ok: false, reason: GROUP_MESSAGES.notInClass(date) };
	// A membership that begins on the day or later would have to be undone, not closed: history is kept.
	const later = input.open.find((m) => m.fromOn >= date);
	if (later) return { ok: false, reason: GROUP_MESSAGES.joinedLater(later.groupName, later.fromOn) };
	const there = input.open.find((m) => m.groupId === input.target.id);
	if (there) return { ok: false, reason: GROUP_MESSAGES.alreadyThere(there.groupName) };
	return { ok: true, value: undefined };
}

/** The days of a substitution as typed, each in the year and the first not after the last. */
export function checkSubstitution(input: { from: unknown; to: unknown; year: { startsOn: string; endsOn: string } }): Checked<{ from: string; to: string }> {
	const from = parseFormDate(input.from);
	const to = parseFormDate(input.to);
	if (from === undefined || to === undefined) return { ok: false, reason: GROUP_MESSAGES.substituteDates };
	if (to < from) return { ok: false, reason: GROUP_MESSAGES.substituteOrder };
	if (from < input.year.startsOn || to > input.year.endsOn) return { ok: false, reason: GROUP_MESSAGES.substituteOutsideYear(input.year.startsOn, input.year.endsOn) };
	return { ok: true, value: { from, to } };
}
