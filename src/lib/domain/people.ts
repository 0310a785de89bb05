/**
 * People as the administrator keeps them: names, date of birth, contacts and
 * the school's own number of a student, a parent or a member of staff; a student's arrival in a
 * class and departure from the school. Pure: the server reads the form and what exists, these
 * functions decide, with a reason in Russian. The import checks each row of a file with the same
 * functions.
 */
import { formatDate, isIsoDate } from './dates.ts';

/** The longest name part, contact or school number (characters). */
export const MAX_NAME_LENGTH = 60;
export const MAX_CONTACT_LENGTH = 100;
export const MAX_SCHOOL_KEY_LENGTH = 64;
export const MAX_DEPARTURE_TEXT_LENGTH = 200;
/** The earliest year of birth a person may have. */
export const EARLIEST_BIRTH_YEAR = 1900;

/** The kinds of people the administrator adds. */
export type PersonKind = 'student' | 'parent' | 'staff';
export const PERSON_KINDS: readonly PersonKind[] = ['student', 'parent', 'staff'];

/** Russian names of the kinds, as the people page lists them. */
export const PERSON_KIND_NAMES: Record<PersonKind, string> = { student: 'ученик', parent: 'родитель', staff: 'сотрудник' };

/** Every message about people, in one place for review (X-RU). */
export const PEOPLE_MESSAGES = {
	lastName: 'Укажите фамилию.',
	firstName: 'Укажите имя.',
	nameTooLong: `Фамилия, имя и отчество — не длиннее ${MAX_NAME_LENGTH} символов каждое.`,
	nameChars: 'В фамилии, имени и отчестве — только буквы, пробел, дефис и апостроф.',
	birthDate: 'Дата рождения — в виде ДД.ММ.ГГГГ, например 05.09.2015.',
	birthDateRange: `Дата рождения — не позже сегодняшнего дня и не раньше ${EARLIEST_BIRTH_YEAR} года.`,
	email: 'Почта — в виде имя@домен, например ivanova@mail.ru.',
	phone: 'Телефон — цифры (от 5 до 15), можно с +, пробелами, скобками и дефисами.',
	contactTooLong: `Почта и телефон — не длиннее ${MAX_CONTACT_LENGTH} символов.`,
	schoolKey: `Номер в школе — не длиннее ${MAX_SCHOOL_KEY_LENGTH} символов.`,
	kind: 'Выберите, кого добавить: ученика, родителя или сотрудника.',
	role: 'Выберите роль сотрудника.',
	classNeeded: 'Выберите класс ученика.',
	personNotFound: 'Человек не найден.',
	studentNotFound: 'Ученик не найден.',
	parentNotFound: 'Родитель не найден.',
	notAStudent: 'Этот человек не ученик школы.',
	selfParent: 'Человек не может быть родителем самому себе.',
	classNotFound: 'Класс не найден.',
	schoolKeyTaken: (key: string) => `Номер «${key}» уже у другого человека школы.`,
	date: 'Дата — в виде ДД.ММ.ГГГГ.',
	arrivalOutsideYear: (year: string) => `Дата прибытия должна быть внутри учебного года ${year}.`,
	alreadyEnrolled: (klass: string) => `Ученик уже числится в классе ${klass}: сначала оформите выбытие.`,
	notEnrolled: 'Ученик сейчас не числится ни в одном классе.',
	departureBeforeArrival: (arrived: string) => `Последний день не может быть раньше дня прибытия (${arrived}).`,
	departureReason: 'Укажите причину выбытия.',
	departureTooLong: `Школа и причина — не длиннее ${MAX_DEPARTURE_TEXT_LENGTH} символов.`,
	added: (name: string) => `${name} — добавлен(а).`,
	saved: (name: string) => `Данные ${name} сохранены.`,
	linked: (parent: string, child: string) => `${parent} — теперь родитель ученика ${child}.`,
	alreadyLinked: (parent: string, child: string) => `${parent} уже родитель ученика ${child}.`,
	unlinked: (parent: string, child: string) => `${parent} больше не числится родителем ученика ${child}.`,
	enrolled: (name: string, klass: string, from: string) => `${name} зачислен(а) в ${klass} с ${from}.`,
	departed: (name: string, last: string) => `Выбытие ${name} оформлено: последний день в школе — ${last}.`
} as const;

type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

const text = (value: unknown) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : typeof value === 'number' ? String(value) : '');

/**
 * A date as a person or a spreadsheet writes it: ДД.ММ.ГГГГ (also Д.М.ГГГГ, and with «/» or «-»
 * between), or YYYY-MM-DD as a date field sends it; the ISO date, or undefined when it is not a
 * day of the calendar.
 */
export function parseSchoolDate(value: unknown): string | undefined {
	const t = text(value);
	let iso: string;
	const russian = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t);
	if (russian) iso = `${russian[3]}-${russian[2].padStart(2, '0')}-${russian[1].padStart(2, '0')}`;
	else iso = t;
	return isIsoDate(iso) ? iso : undefined;
}

/** A person's name, date of birth and contacts as a form or a file row gives them (untrusted). */
export interface PersonInput {
	lastName?: unknown;
	firstName?: unknown;
	middleName?: unknown;
	birthDate?: unknown;
	email?: unknown;
	phone?: unknown;
	schoolKey?: unknown;
}

/** A checked person. */
export interface PersonDraft {
	lastName: string;
	firstName: string;
	middleName: string | null;
	birthDate: string | null;
	email: string | null;
	phone: string | null;
	schoolKey: string | null;
}

// Letters of any alphabet, with spaces, hyphens and apostrophes between them (Мамин-Сибиряк, Д'Артаньян).
const NAME = /^\p{L}+(?:[ '’-]\p{L}+)*$/u;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks a person: last and first name required, middle name optional (each letters, at most 60);
 * date of birth optional, ДД.ММ.ГГГГ, between 1900 and today; e-mail and phone optional and of
 * their shape; the school's own number optional. `today` is the school's today.
 */
export function checkPerson(input: PersonInput, today: string): Checked<PersonDraft> {
	const lastName = text(input.lastName);
	const firstName = text(input.firstName);
	const middleName = text(input.middleName);
	if (!lastName) return { ok: false, reason: PEOPLE_MESSAGES.lastName };
	if (!firstName) return { ok: false, reason: PEOPLE_MESSAGES.firstName };
	for (const part of [lastName, firstName, middleName]) {
		if (part.length > MAX_NAME_LENGTH) return { ok: false, reason: PEOPLE_MESSAGES.nameTooLong };
		if (part && !NAME.test(part)) return { ok: false, reason: PEOPLE_MESSAGES.nameChars };
	}
	const birthText = text(input.birthDate);
	let birthDate: string | null = null;
	if (birthText) {
		const parsed = parseSchoolDate(birthText);
		if (!parsed) return { ok: false, reason: PEOPLE_MESSAGES.birthDate };
		if (parsed > today || Number(parsed.slice(0, 4)) < EARLIEST_BIRTH_YEAR) return { ok: false, reason: PEOPLE_MESSAGES.birthDateRange };
		birthDate = parsed;
	}
	const email = text(input.email);
	const phone = text(input.phone);
	if (email.length > MAX_CONTACT_LENGTH || phone.length > MAX_CONTACT_LENGTH) return { ok: false, reason: PEOPLE_MESSAGES.contactTooLong };
	if (email && !EMAIL.test(email)) return { ok: false, reason: PEOPLE_MESSAGES.email };
	const digits = phone.replace(/\D/g, '').length;
	if (phone && (!/^\+?[\d\s()-]+$/.test(phone) || digits < 5 || digits > 15)) return { ok: false, reason: PEOPLE_MESSAGES.phone };
	const schoolKey = text(input.schoolKey);
	if (schoolKey.length > MAX_SCHOOL_KEY_LENGTH) return { ok: false, reason: PEOPLE_MESSAGES.schoolKey };
	return {
		ok: true,
		value: { lastName, firstName, middleName: middleName || null, birthDate, email: email.toLowerCase() || null, phone: phone || null, schoolKey: schoolKey || null }
	};
}

/** «Фамилия Имя Отчество». */
export function fullNameOf(person: { lastName: string; firstName: string; middleName?: string | null }): string {
	return [person.lastName, person.firstName, person.middleName].filter(Boolean).join(' ');
}

/** An arrival in a class: the date must be a day of the class's school year. */
export function checkArrival(input: { on?: unknown }, year: { name: string; startsOn: string; endsOn: string }): Checked<string> {
	const on = parseSchoolDate(input.on);
	if (!on) return { ok: false, reason: PEOPLE_MESSAGES.date };
	if (on < year.startsOn || on > year.endsOn) return { ok: false, reason: PEOPLE_MESSAGES.arrivalOutsideYear(year.name) };
	return { ok: true, value: on };
}

/** A checked departure: the last day in the school, where to, and why. */
export interface DepartureDraft {
	lastDay: string;
	to: string | null;
	reason: string;
}

/**
 * A departure: the last day the student is in the class (not before they arrived), the
 * school they go to (optional: a family may not know yet) and the reason (required).
 */
export function checkDeparture(input: { lastDay?: unknown; to?: unknown; reason?: unknown }, arrivedOn: string): Checked<DepartureDraft> {
	const lastDay = parseSchoolDate(input.lastDay);
	if (!lastDay) return { ok: false, reason: PEOPLE_MESSAGES.date };
	if (lastDay < arrivedOn) return { ok: false, reason: PEOPLE_MESSAGES.departureBeforeArrival(formatDate(arrivedOn)) };
	const to = text(input.to);
	const reason = text(input.reason);
	if (!reason) return { ok: false, reason: PEOPLE_MESSAGES.departureReason };
	if (to.length > MAX_DEPARTURE_TEXT_LENGTH || reason.length > MAX_DEPARTURE_TEXT_LENGTH) return { ok: false, reason: PEOPLE_MESSAGES.departureTooLong };
	return { ok: true, value: { lastDay, to: to || null, reason } };
}

