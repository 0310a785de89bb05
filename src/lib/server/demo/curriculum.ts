/**
 * The curriculum of the demo school: subjects and weekly hours per grade after the federal
 * curriculum (ФОП 2023, five-day week), which subjects split a class into two groups, and which
 * teachers' specialities cover which subjects.
 */

/** Short codes of the demo school's subjects. */
export type SubjectCode =
	| 'russian'
	| 'reading'
	| 'literature'
	| 'english'
	| 'math'
	| 'algebra'
	| 'geometry'
	| 'probability'
	| 'informatics'
	| 'world'
	| 'orkse'
	| 'history'
	| 'social'
	| 'geography'
	| 'biology'
	| 'physics'
	| 'chemistry'
	| 'music'
	| 'art'
	| 'tech'
	| 'pe'
	| 'obzr';

/** A subject of the curriculum. */
export interface SubjectDef {
	code: SubjectCode;
	name: string;
	shortName: string;
	/** Weekly hours in grades 1..11 (index 0 is grade 1); 0 = not taught. */
	hours: readonly number[];
	/** Taught in two groups per class: foreign language, informatics. */
	subgroups: boolean;
	/** Practical subjects where marks run higher than in academic ones. */
	easy: boolean;
	/** Whether homework is set (physical education has none). */
	homework: boolean;
	/** The subject as it appears in a teacher's title: «учитель физики». */
	teacherOf: string;
}

const s = (
	code: SubjectCode,
	name: string,
	shortName: string,
	hours: number[],
	teacherOf: string,
	extra: Partial<Pick<SubjectDef, 'subgroups' | 'easy' | 'homework'>> = {}
): SubjectDef => ({ code, name, shortName, hours, teacherOf, subgroups: false, easy: false, homework: true, ...extra });

/** The subjects in the order a journal lists them. Grades:          1  2  3  4  5  6  7  8  9 10 11 */
export const SUBJECTS: readonly SubjectDef[] = [
	s('russian', 'Русский язык', 'Рус. яз.', /*                  */ [5, 5, 5, 5, 5, 6, 4, 3, 3, 2, 2], 'русского языка и литературы'),
	s('reading', 'Литературное чтение', 'Лит. чт.', /*           */ [4, 4, 4, 3, 0, 0, 0, 0, 0, 0, 0], 'начальных классов'),
	s('literature', 'Литература', 'Лит-ра', /*                   */ [0, 0, 0, 0, 3, 3, 2, 2, 3, 3, 3], 'русского языка и литературы'),
	s('english', 'Английский язык', 'Англ. яз.', /*              */ [0, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3], 'английского языка', { subgroups: true }),
	s('math', 'Математика', 'Матем.', /*                         */ [4, 4, 4, 4, 5, 5, 0, 0, 0, 0, 0], 'математики'),
	s('algebra', 'Алгебра', 'Алгебра', /*                        */ [0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3], 'математики'),
	s('geometry', 'Геометрия', 'Геом.', /*                       */ [0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2], 'математики'),
	s('probability', 'Вероятность и статистика', 'ВиС', /*       */ [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1], 'математики'),
	s('informatics', 'Информатика', 'Информ.', /*                */ [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1], 'информатики', { subgroups: true }),
	s('world', 'Окружающий мир', 'Окр. мир', /*                  */ [2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0], 'начальных классов'),
	s('orkse', 'Основы религиозных культур и светской этики', 'ОРКСЭ', [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], 'начальных классов', { easy: true }),
	s('history', 'История', 'История', /*                        */ [0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2], 'истории и обществознания'),
	s('social', 'Обществознание', 'Общ.', /*                     */ [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2], 'истории и обществознания'),
	s('geography', 'География', 'Геогр.', /*                     */ [0, 0, 0, 0, 1, 1, 2, 2, 2, 1, 1], 'географии'),
	s('biology', 'Биология', 'Биол.', /*                         */ [0, 0, 0, 0, 1, 1, 1, 2, 2, 1, 1], 'биологии'),
	s('physics', 'Физика', 'Физика', /*                          */ [0, 0, 0, 0, 0, 0, 2, 2, 3, 2, 2], 'физики'),
	s('chemistry', 'Химия', 'Химия', /*                          */ [0, 0, 0, 0, 0, 0, 0, 2, 2, 1, 1], 'химии'),
	s('music', 'Музыка', 'Музыка', /*                            */ [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0], 'музыки', { easy: true }),
	s('art', 'Изобразительное искусство', 'ИЗО', /*              */ [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0], 'изобразительного искусства', { easy: true }),
	s('tech', 'Труд (технология)', 'Труд', /*                    */ [1, 1, 1, 1, 2, 2, 2, 1, 1, 0, 0], 'труда (технологии)', { easy: true }),
	s('pe', 'Физическая культура', 'Физ-ра', /*                  */ [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], 'физической культуры', { easy: true, homework: false }),
	s('obzr', 'Основы безопасности и защиты Родины', 'ОБЗР', /*  */ [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1], 'ОБЗР')
];

/** Weekly hours of a subject in a grade (0 when it is not taught there). */
export function hoursOf(subject: SubjectDef, grade: number): number {
	return subject.hours[grade - 1] ?? 0;
}

/** Subjects a primary-school teacher teaches in their own class (grades 1–4). */
const PRIMARY_TEACHER_SUBJECTS: ReadonlySet<SubjectCode> = new Set([
	'russian', 'reading', 'math', 'world', 'orkse', 'art', 'tech'
]);

/** A teachers' speciality: a pool of teachers sharing a set of subjects. */
export interface Speciality {
	code: string;
	/** Whether the subjects of one class go to one teacher as a bundle (algebra + geometry …). */
	together: boolean;
	/** Probability that a teacher of this speciality is a man. */
	men: number;
	/** Room of the speciality's teachers, when it is not an ordinary classroom. */
	room?: string;
}

/** The specialities of the demo school's teachers. */
export const SPECIALITIES: readonly Speciality[] = [
	{ code: 'primary', together: true, men: 0.03 },
	{ code: 'russian', together: true, men: 0.05 },
	{ code: 'math', together: true, men: 0.15 },
	{ code: 'english', together: false, men: 0.1 },
	{ code: 'history', together: true, men: 0.35 },
	{ code: 'geography', together: false, men: 0.2 },
	{ code: 'biochem', together: false, men: 0.15 },
	{ code: 'physinf', together: false, men: 0.45 },
	{ code: 'arts', together: false, men: 0.2 },
	{ code: 'tech', together: false, men: 0.5, room: 'Мастерская' },
	{ code: 'pe', together: false, men: 0.6, room: 'Спортзал' }
];

/** Which speciality teaches a subject in a grade (primary teachers cover most of grades 1–4). */
export function specialityOf(subject: SubjectCode, grade: number): string {
	if (grade <= 4 && PRIMARY_TEACHER_SUBJECTS.has(subject)) return 'primary';
	switch (subject) {
		case 'russian':
		case 'literature':
			return 'russian';
		case 'math':
		case 'algebra':
		case 'geometry':
		case 'probability':
			return 'math';
		case 'english':
			return 'english';
		case 'history':
		case 'social':
			return 'history';
		case 'geography':
			return 'geography';
		case 'biology':
		case 'chemistry':
			return 'biochem';
		case 'physics':
		case 'informatics':
			return 'physinf';
		case 'music':
		case 'art':
			return 'arts';
		case 'tech':
			return 'tech';
		case 'pe':
		case 'obzr':
			return 'pe';
		default:
			throw new Error(`no speciality for ${subject}`);
	}
}

/** Academic subjects that belong in lessons 2–4 rather than first or last (timetable hygiene). */
export const HARD_SUBJECTS: ReadonlySet<SubjectCode> = new Set([
	'russian', 'math', 'algebra', 'geometry', 'physics', 'chemistry', 'english', 'informatics'
]);

/** Class letters in order: А, Б, В, … (Ё, Й, Ъ, Ы, Ь are not used for classes). */
export const CLASS_LETTERS = 'АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ';
