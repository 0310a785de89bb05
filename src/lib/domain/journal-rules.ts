/**
 * Rules of the live journal that are not about one cell's value (cell.ts has those): may this
 * edit count at all (lesson of this journal, student in the group that day, period open), and is
 * a lesson column well formed (date inside the year, R-4.4.5 topic for tests and practicals, one
 * lesson per day and number).
 * Pure: the server gathers the facts, these functions decide, with a reason in Russian.
 */
import { checkCell, type CellResult, type CellRules, type CellValue } from './cell.ts';
import { formatDate, isIsoDate } from './dates.ts';
import { holidayOn, type Holiday } from './holidays.ts';

/** Every message of the live journal's server side, in one place for review (X-RU). */
export const JOURNAL_MESSAGES = {
	malformedCell: 'Клетка записана в неверном формате: изменение отменено.',
	malformedKey: 'Такой клетки в журнале нет: изменение отменено.',
	serverOwned: 'Уроки, список учеников и настройки журнала меняются не в таблице: изменение отменено.',
	lessonNotHere: 'Этого урока нет в журнале: изменение отменено.',
	notInGroup: (date: string) => `Ученик не числился в группе ${formatDate(date)}: клетку заполнить нельзя.`,
	readOnly: 'У вас доступ к журналу только на чтение: изменение отменено.',
	stale: 'Это старое изменение: с тех пор клетку уже изменили, показано то, что сохранено.',
	failed: 'Не удалось сохранить изменение, попробуйте ещё раз.',
	lessonDate: 'Укажите дату урока в формате ГГГГ-ММ-ДД.',
	lessonOutsideYear: (from: string, to: string) => `Дата урока должна быть в пределах учебного года: ${formatDate(from)} — ${formatDate(to)}.`,
	lessonOnHoliday: (date: string, holiday: string) => `${formatDate(date)} — «${holiday}»: в каникулы и праздничные дни уроков нет.`,
	lessonNo: 'Номер урока — целое число от 0 до 10.',
	lessonSlotTaken: (date: string, lessonNo: number) => `${formatDate(date)} уже есть ${lessonNo}-й урок: у второго урока в этот день должен быть другой номер.`,
	lessonDayTaken: (date: string) => `${formatDate(date)} урок без номера уже есть: у второго урока в этот день укажите номер урока.`,
	workType: 'Такого вида работы в школе нет.',
	topicRequired: (workType: string) => `Для вида работы «${workType}» тема урока обязательна.`,
	textTooLong: (field: string, max: number) => `Поле «${field}» длиннее ${max} символов.`,
	lessonHasEntries: 'У урока есть оценки, пропуски или комментарии: удалить его нельзя, сначала очистите клетки.',
	lessonNotFound: 'Урок не найден.',
	substituteMoves: 'Заменяющий учитель меняет тему, вид работы и задание урока, но не его дату и номер: перенос делает заместитель директора в расписании.',
	journalNotFound: 'Журнал не найден.',
	badRequest: 'Неверный запрос.',
	fileMissing: 'Выберите файл.',
	fileTooLarge: (mb: number) => `Файл больше ${mb} МБ.`,
	fileType: 'Можно прикреплять аудио, видео и документы (PDF, Word, Excel, PowerPoint, ODF, RTF, текст), а также картинки PNG, JPEG, GIF и WebP.',
	fileNotFound: 'Файл не найден.',
	historyParams: 'Укажите урок и ученика.'
} as const;

/** Facts about a cell the server looked up in the tables. */
export interface CellFacts {
	/** The lesson, when it belongs to this journal. */
	lesson: { date: string } | undefined;
	/** True when the student was a member of the journal's group on the lesson date. */
	studentInGroup: boolean;
	/** why the period the lesson date falls in is closed (periods.ts says it), or null when it is open. */
	closedPeriod: string | null;
}

/** Decides whether a cell edit counts: the facts first, then the value against the school's rules. */
export function decideCellEdit(value: CellValue, facts: CellFacts, rules: CellRules): CellResult {
	if (!facts.lesson) return { ok: false, reason: JOURNAL_MESSAGES.lessonNotHere };
	const checked = checkCell(value, rules);
	if (!checked.ok) return checked;
	if (!facts.studentInGroup) return { ok: false, reason: JOURNAL_MESSAGES.notInGroup(facts.lesson.date) };
	if (facts.closedPeriod !== null) return { ok: false, reason: facts.closedPeriod };
	return checked;
}

/** Longest topic and homework texts (characters). */
export const MAX_TOPIC_LENGTH = 500;
/** Longest homework text (characters). */
export const MAX_HOMEWORK_LENGTH = 4000;

/** A lesson column as an endpoint receives it (undefined: leave as is). */
export interface LessonInput {
	date?: unknown;
	lessonNo?: unknown;
	topic?: unknown;
	workTypeId?: unknown;
	homework?: unknown;
}

/** A checked lesson column. */
export interface LessonFields {
	date: string;
	lessonNo: number | null;
	topic: string | null;
	workTypeId: number | null;
	homework: string | null;
}

/** What a lesson check needs to know about the school. */
export interface LessonContext {
	year: { startsOn: string; endsOn: string };
	workTypes: ReadonlyArray<{ id: number; name: string; topicRequired: boolean }>;
	/** The year's holidays: no lesson is put on one. */
	holidays: readonly Holiday[];
}

/** A checked lesson, or the reason in Russian. */
export type LessonResult = { ok: true; value: LessonFields } | { ok: false; reason: string };

/**
 * Checks a lesson's fields, merging the input over the current lesson (for a change) or over
 * nothing (for a new one): date inside the school year and not on a holiday, lesson number, known
 * type of work, and a topic when the type of work requires one. A lesson that already
 * lies on a holiday (older data) may still be changed as long as it is not moved.
 */
export function checkLesson(input: LessonInput, context: LessonContext, current?: LessonFields): LessonResult {
	const date = input.date === undefined ? current?.date : input.date;
	if (typeof date !== 'string' || !isIsoDate(date)) return { ok: false, reason: JOURNAL_MESSAGES.lessonDate };
	if (date < context.year.startsOn || date > context.year.endsOn)
		return { ok: false, reason: JOURNAL_MESSAGES.lessonOutsideYear(context.year.startsOn, context.year.endsOn) };
	const holiday = date === current?.date ? undefined : holidayOn(context.holidays, date);
	if (holiday) return { ok: false, reason: JOURNAL_MESSAGES.lessonOnHoliday(date, holiday.name) };
	const lessonNo = input.lessonNo === undefined ? (current?.lessonNo ?? null) : input.lessonNo === null || input.lessonNo === '' ? null : Number(input.lessonNo);
	if (lessonNo !== null && (!Number.isInteger(lessonNo) || lessonNo < 0 || lessonNo > 10)) return { ok: false, reason: JOURNAL_MESSAGES.lessonNo };
	const workTypeRaw = input.workTypeId === undefined ? (current?.workTypeId ?? null) : input.workTypeId === null || input.workTypeId === '' ? null : Number(input.workTypeId);
	const workType = workTypeRaw === null ? undefined : context.workTypes.find((w) => w.id === workTypeRaw);
	if (workTypeRaw !== null && !workType) return { ok: false, reason: JOURNAL_MESSAGES.workType };
	const topic = text(input.topic, current?.topic ?? null);
	const homework = text(input.homework, current?.homework ?? null);
	if (topic === false) return { ok: false, reason: JOURNAL_MESSAGES.badRequest };
	if (homework === false) return { ok: false, reason: JOURNAL_MESSAGES.badRequest };
	if (topic !== null && topic.length > MAX_TOPIC_LENGTH) return { ok: false, reason: JOURNAL_MESSAGES.textTooLong('Тема', MAX_TOPIC_LENGTH) };
	if (homework !== null && homework.length > MAX_HOMEWORK_LENGTH)
		return { ok: false, reason: JOURNAL_MESSAGES.textTooLong('Домашнее задание', MAX_HOMEWORK_LENGTH) };
	if (workType?.topicRequired && topic === null) return { ok: false, reason: JOURNAL_MESSAGES.topicRequired(workType.name) };
	return { ok: true, value: { date, lessonNo, topic, workTypeId: workTypeRaw, homework } };
}

/** A lesson of the journal as the one-per-day-and-number rule sees it. */
export interface LessonSlot {
	id: number;
	date: string;
	lessonNo: number | null;
}

/**
 * one lesson per day and number: why a lesson may not stand on its date with its number
 * beside the journal's other lessons that day, or null when it may. «No number» counts as a number
 * of its own, so a second lesson the same day needs a number the first does not have. `selfId` is
 * the lesson being changed, which never clashes with itself.
 */
export function lessonSlotClash(lesson: { date: string; lessonNo: number | null }, sameDay: readonly LessonSlot[], selfId?: number): string | null {
	const twin = sameDay.some((other) => other.id !== selfId && other.date === lesson.date && other.lessonNo === lesson.lessonNo);
	if (!twin) return null;
	return lesson.lessonNo === null ? JOURNAL_MESSAGES.lessonDayTaken(lesson.date) : JOURNAL_MESSAGES.lessonSlotTaken(lesson.date, lesson.lessonNo);
}

// A text field: trimmed, empty means none; false when it is not text at all.
function text(value: unknown, fallback: string | null): string | null | false {
	if (value === undefined) return fallback;
	if (value === null) return null;
	if (typeof value !== 'string') return false;
	return value.trim() || null;
}

/** Attachments: at most this many bytes per file. */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/** A file's size as a person reads it: «12 КБ», «3,4 МБ» (never «0 КБ»). */
export function fileSizeText(bytes: number): string {
	return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} КБ` : `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} МБ`;
}

/**
 * What a lesson may carry, by what the file's bytes were recognised as (the extension a
 * byte-sniffer such as `file-type` reports) → the MIME type stored and sent back. The uploader's
 * Content-Type and file name are claims: they never choose the stored type. Anything not listed
 * (HTML, SVG, scripts, programs, archives, macro-enabled Office files) is refused.
 */
export const ATTACHMENT_TYPES: Readonly<Record<string, string>> = {
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	odt: 'application/vnd.oasis.opendocument.text',
	ods: 'application/vnd.oasis.opendocument.spreadsheet',
	odp: 'application/vnd.oasis.opendocument.presentation',
	rtf: 'application/rtf',
	png: 'image/png',
	jpg: 'image/jpeg',
	gif: 'image/gif',
	webp: 'image/webp',
	mp3: 'audio/mpeg',
	ogg: 'audio/ogg',
	oga: 'audio/ogg',
	opus: 'audio/ogg',
	m4a: 'audio/mp4',
	wav: 'audio/wav',
	mp4: 'video/mp4',
	webm: 'video/webm'
};

/**
 * Old Word, Excel and PowerPoint files are OLE2 compound files ("cfb"): the bytes do not say which,
 * so the name's extension does. They are only ever downloaded (never shown on our origin), so a
 * misnamed compound file is harmless to the site.
 */
const COMPOUND_FILE_TYPES: Readonly<Record<string, string>> = {
	doc: 'application/msword',
	xls: 'application/vnd.ms-excel',
	ppt: 'application/vnd.ms-powerpoint'
};

/**
 * Plain text has no magic bytes. We accept it only when the uploader calls it text (`.txt`, `.csv`)
 * and the bytes are valid UTF-8 without NUL: then it is stored and served as UTF-8 text. A script
 * renamed `.txt` passes, and is harmless: it is served as `text/plain`, as a download, with
 * `nosniff` (which stops a browser from running it from `<script src>`).
 */
const TEXT_TYPES: Readonly<Record<string, string>> = {
	txt: 'text/plain',
	csv: 'text/csv'
};

/** Every MIME type a stored attachment may be sent back with. */
const SERVABLE_TYPES = new Set([...Object.values(ATTACHMENT_TYPES), ...Object.values(COMPOUND_FILE_TYPES), ...Object.values(TEXT_TYPES)]);

/** The lower-case extension of a file name ("" when it has none). */
function extensionOf(fileName: string): string {
	const dot = fileName.lastIndexOf('.');
	return dot < 0 ? '' : fileName.slice(dot + 1).trim().toLowerCase();
}

/** True when the bytes are valid UTF-8 and contain no NUL byte (what we accept as plain text). */
export function isPlainText(bytes: Uint8Array): boolean {
	if (bytes.includes(0)) return false;
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		return true;
	} catch {
		return false;
	}
}

/**
 * The MIME type to store for an uploaded file, or undefined when it may not be attached:
 * `detected` is the extension the bytes were recognised as (undefined when nothing was), `fileName`
 * the uploader's name, `bytes` the content (read only when the bytes carry no type, to check for text).
 */
export function attachmentType(detected: string | undefined, fileName: string, bytes: Uint8Array): string | undefined {
	if (detected === 'cfb') return COMPOUND_FILE_TYPES[extensionOf(fileName)];
	if (detected !== undefined) return Object.hasOwn(ATTACHMENT_TYPES, detected) ? ATTACHMENT_TYPES[detected] : undefined;
	const text = Object.hasOwn(TEXT_TYPES, extensionOf(fileName)) ? TEXT_TYPES[extensionOf(fileName)] : undefined;
	return text && isPlainText(bytes) ? text : undefined;
}

/**
 * The Content-Type a stored attachment is sent with: its stored type when that is one we accept
 * (text as UTF-8, which was checked on upload), otherwise — a row stored before the bytes were
 * checked — `application/octet-stream`, which no browser renders or runs.
 */
export function servedAttachmentType(storedType: string): string {
	if (!SERVABLE_TYPES.has(storedType)) return 'application/octet-stream';
	return storedType.startsWith('text/') ? `${storedType}; charset=utf-8` : storedType;
}
