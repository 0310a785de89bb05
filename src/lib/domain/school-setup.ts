/**
 * The first start of a school without the demo: the form that creates the school (name, time
 * zone, a week of five or six school days, bell times) and its first administrator. Pure: the
 * server reads the form, this checks it and says what is wrong in Russian.
 */
import { LOGIN_PATTERN, normalizeLogin, passwordProblem } from './credentials.ts';

/** School days a week: Monday to Friday, or to Saturday. */
export type WeekDays = 5 | 6;

/** A lesson's bell times: its number and when it starts and ends ('08:30'). */
export interface BellTime {
	lesson: number;
	start: string;
	end: string;
}

/** Time zones of Russia, west to east, as the setup form offers them (any IANA zone is accepted). */
export const RUSSIAN_TIME_ZONES: ReadonlyArray<{ zone: string; name: string }> = [
	{ zone: 'Europe/Kaliningrad', name: 'Калининград (МСК−1)' },
	{ zone: 'Europe/Moscow', name: 'Москва (МСК)' },
	{ zone: 'Europe/Samara', name: 'Самара (МСК+1)' },
	{ zone: 'Asia/Yekaterinburg', name: 'Екатеринбург (МСК+2)' },
	{ zone: 'Asia/Omsk', name: 'Омск (МСК+3)' },
	{ zone: 'Asia/Novosibirsk', name: 'Новосибирск (МСК+4)' },
	{ zone: 'Asia/Krasnoyarsk', name: 'Красноярск (МСК+4)' },
	{ zone: 'Asia/Irkutsk', name: 'Иркутск (МСК+5)' },
	{ zone: 'Asia/Yakutsk', name: 'Якутск (МСК+6)' },
	{ zone: 'Asia/Vladivostok', name: 'Владивосток (МСК+7)' },
	{ zone: 'Asia/Magadan', name: 'Магадан (МСК+8)' },
	{ zone: 'Asia/Kamchatka', name: 'Петропавловск-Камчатский (МСК+9)' }
];

/** Bell times a new school starts from (45-minute lessons), to edit on the form. */
export const DEFAULT_BELLS: readonly BellTime[] = [
	{ lesson: 1, start: '08:30', end: '09:15' },
	{ lesson: 2, start: '09:25', end: '10:10' },
	{ lesson: 3, start: '10:30', end: '11:15' },
	{ lesson: 4, start: '11:35', end: '12:20' },
	{ lesson: 5, start: '12:30', end: '13:15' },
	{ lesson: 6, start: '13:25', end: '14:10' },
	{ lesson: 7, start: '14:20', end: '15:05' }
];

/** The most lessons a day (the timetable numbers lessons up to 10). */
export const MAX_LESSONS_A_DAY = 10;

/** The longest school name (characters). */
export const MAX_SCHOOL_NAME_LENGTH = 200;

/** Every message of the setup, in one place for review (X-RU). */
export const SETUP_MESSAGES = {
	linkInvalid: 'Ссылка для первой настройки недействительна: она неверна или уже использована. Школа создаётся по ссылке один раз.',
	schoolExists: 'Школа уже создана. Войдите под учётной записью администратора.',
	nameRequired: 'Укажите полное название школы.',
	nameTooLong: `Название школы длиннее ${MAX_SCHOOL_NAME_LENGTH} символов.`,
	shortNameTooLong: 'Краткое название длиннее 60 символов.',
	timeZone: 'Выберите часовой пояс школы.',
	weekDays: 'Укажите учебную неделю: пять или шесть дней.',
	bellsRequired: 'Укажите время хотя бы одного урока.',
	bellsTooMany: `Уроков в день не больше ${MAX_LESSONS_A_DAY}.`,
	bellIncomplete: (lesson: number) => `Урок ${lesson}: укажите и начало, и конец.`,
	bellFormat: (lesson: number) => `Урок ${lesson}: время в формате ЧЧ:ММ, например 08:30.`,
	bellOrder: (lesson: number) => `Урок ${lesson}: конец должен быть позже начала.`,
	bellOverlap: (lesson: number) => `Урок ${lesson} начинается раньше, чем кончается предыдущий.`,
	lastNameRequired: 'Укажите фамилию администратора.',
	firstNameRequired: 'Укажите имя администратора.',
	personNameTooLong: 'Фамилия, имя и отчество — не длиннее 100 символов каждое.',
	loginFormat: 'Логин: от 3 до 64 латинских букв, цифр, точек, дефисов или подчёркиваний.',
	passwordShort: 'Пароль должен быть не короче 8 символов.',
	passwordLong: 'Пароль должен быть не длиннее 200 символов.',
	passwordMismatch: 'Пароли не совпадают.',
	created: (school: string) => `Школа «${school}» создана. Теперь создайте учебный год.`
} as const;

/** The setup form as the page sends it (fields may be missing or not text; bells are parallel lists). */
export interface SchoolSetupInput {
	name?: unknown;
	shortName?: unknown;
	timeZone?: unknown;
	weekDays?: unknown;
	bellStarts?: readonly unknown[];
	bellEnds?: readonly unknown[];
	lastName?: unknown;
	firstName?: unknown;
	middleName?: unknown;
	login?: unknown;
	password?: unknown;
	repeat?: unknown;
}

/** A checked setup: the school and its first administrator (the password still to hash). */
export interface SchoolSetup {
	school: { name: string; shortName: string; timeZone: string; weekDays: WeekDays; bells: BellTime[] };
	admin: { lastName: string; firstName: string; middleName: string | null; login: string; password: string };
}

/** The checked setup, or the first reason it is refused. */
export type SchoolSetupResult = { ok: true; value: SchoolSetup } | { ok: false; reason: string };

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** True when the runtime knows the IANA time zone. */
export function isTimeZone(zone: string): boolean {
	if (!zone || zone.length > 64) return false;
	try {
		new Intl.DateTimeFormat('ru-RU', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

/**
 * Checks the bell times: rows left wholly empty are skipped; every other row needs a start and an
 * end as ЧЧ:ММ, the end after the start and the start not before the previous lesson's end.
 * Lessons are numbered from 1 in the order given.
 */
export function checkBells(starts: readonly unknown[], ends: readonly unknown[]): { ok: true; value: BellTime[] } | { ok: false; reason: string } {
	const bells: BellTime[] = [];
	const rows = Math.max(starts.length, ends.length);
	for (let i = 0; i < rows; i++) {
		const start = text(starts[i]);
		const end = text(ends[i]);
		if (!start && !end) continue;
		const lesson = bells.length + 1;
		if (lesson > MAX_LESSONS_A_DAY) return { ok: false, reason: SETUP_MESSAGES.bellsTooMany };
		if (!start || !end) return { ok: false, reason: SETUP_MESSAGES.bellIncomplete(lesson) };
		if (!TIME.test(start) || !TIME.test(end)) return { ok: false, reason: SETUP_MESSAGES.bellFormat(lesson) };
		if (end <= start) return { ok: false, reason: SETUP_MESSAGES.bellOrder(lesson) };
		const previous = bells.at(-1);
		if (previous && start < previous.end) return { ok: false, reason: SETUP_MESSAGES.bellOverlap(lesson) };
		bells.push({ lesson, start, end });
	}
	if (bells.length === 0) return { ok: false, reason: SETUP_MESSAGES.bellsRequired };
	return { ok: true, value: bells };
}

/**
 * Checks the setup form: the school's name (the short name defaults to it), a known time zone, a
 * week of 5 or 6 days, bell times (checkBells), the administrator's name, a login of the usual
 * shape and a password of at least 8 characters typed twice alike.
 */
export function checkSchoolSetup(input: SchoolSetupInput): SchoolSetupResult {
	const refuse = (reason: string): SchoolSetupResult => ({ ok: false, reason });
	const name = text(input.name).replace(/\s+/g, ' ');
	if (!name) return refuse(SETUP_MESSAGES.nameRequired);
	if (name.length > MAX_SCHOOL_NAME_LENGTH) return refuse(SETUP_MESSAGES.nameTooLong);
	const typedShort = text(input.shortName).replace(/\s+/g, ' ');
	if (typedShort.length > 60) return refuse(SETUP_MESSAGES.shortNameTooLong);
	const shortName = typedShort || name.slice(0, 60);
	const timeZone = text(input.timeZone);
	if (!isTimeZone(timeZone)) return refuse(SETUP_MESSAGES.timeZone);
	const days = text(input.weekDays);
	if (days !== '5' && days !== '6') return refuse(SETUP_MESSAGES.weekDays);
	const bells = checkBells(input.bellStarts ?? [], input.bellEnds ?? []);
	if (!bells.ok) return bells;

	const lastName = text(input.lastName);
	const firstName = text(input.firstName);
	const middleName = text(input.middleName) || null;
	if (!lastName) return refuse(SETUP_MESSAGES.lastNameRequired);
	if (!firstName) return refuse(SETUP_MESSAGES.firstNameRequired);
	if ([lastName, firstName, middleName ?? ''].some((part) => part.length > 100)) return refuse(SETUP_MESSAGES.personNameTooLong);
	const login = normalizeLogin(typeof input.login === 'string' ? input.login : '');
	if (!LOGIN_PATTERN.test(login)) return refuse(SETUP_MESSAGES.loginFormat);
	const password = typeof input.password === 'string' ? input.password : '';
	const problem = passwordProblem(password, typeof input.repeat === 'string' ? input.repeat : '');
	if (problem === 'short') return refuse(SETUP_MESSAGES.passwordShort);
	if (problem === 'long') return refuse(SETUP_MESSAGES.passwordLong);
	if (problem === 'mismatch') return refuse(SETUP_MESSAGES.passwordMismatch);

	return {
		ok: true,
		value: {
			school: { name, shortName, timeZone, weekDays: days === '5' ? 5 : 6, bells: bells.value },
			admin: { lastName, firstName, middleName, login, password }
		}
	};
}
