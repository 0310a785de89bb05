/**
 * Lesson plans of the demo journals: each journal walks through its subject's
 * units in order, with a test at the end of a unit, an independent work in the middle, the
 * year's laboratory and practical works spread over the year, and homework that advances
 * through the textbook lesson by lesson.
 */
import { hoursOf, type SubjectCode, type SubjectDef } from './curriculum.ts';
import type { Random } from './random.ts';
import { forGrade, LABS, PRACTICALS, UNITS } from './topics.ts';

/** Codes of the demo school's types of work (X-MARKS). */
export type WorkCode = 'answer' | 'homework' | 'independent' | 'test' | 'lab' | 'practical' | 'dictation';

/** A type of work with its weight; topic_required follows. */
export interface WorkTypeDef {
	code: WorkCode;
	name: string;
	weight: number;
	topicRequired: boolean;
}

/** The school's types of work in the order the journal's legend shows them. */
export const WORK_TYPES: readonly WorkTypeDef[] = [
	{ code: 'answer', name: 'Ответ на уроке', weight: 1, topicRequired: false },
	{ code: 'homework', name: 'Домашняя работа', weight: 1, topicRequired: false },
	{ code: 'independent', name: 'Самостоятельная работа', weight: 2, topicRequired: false },
	{ code: 'test', name: 'Контрольная работа', weight: 3, topicRequired: true },
	{ code: 'lab', name: 'Лабораторная работа', weight: 2, topicRequired: true },
	{ code: 'practical', name: 'Практическая работа', weight: 2, topicRequired: true },
	{ code: 'dictation', name: 'Диктант', weight: 3, topicRequired: true }
];

/** One planned lesson of a journal. */
export interface PlannedLesson {
	topic: string;
	workType: WorkCode;
	homework: string | null;
}

// How often a unit ends in a test: every unit, every second one, or never.
const TEST_EVERY: Partial<Record<SubjectCode, number>> = {
	russian: 1, math: 1, algebra: 1, geometry: 1, physics: 1, chemistry: 1, english: 1,
	probability: 2, history: 2, social: 2, geography: 2, biology: 2, informatics: 2, literature: 2,
	world: 2, reading: 2
};

// Subjects with an independent work in the middle of a longer unit.
const INDEPENDENT: ReadonlySet<SubjectCode> = new Set([
	'russian', 'math', 'algebra', 'geometry', 'physics', 'chemistry', 'english', 'informatics', 'world', 'biology', 'geography'
]);

// Subjects whose every unit has a practical work titled after the unit.
const PRACTICAL_PER_UNIT: ReadonlySet<SubjectCode> = new Set(['informatics', 'tech']);

const VARIANTS: Partial<Record<SubjectCode, readonly string[]>> = {
	math: ['{t}', '{t}. Решение задач', '{t}. Закрепление', '{t}. Решение упражнений'],
	algebra: ['{t}', '{t}. Решение задач', '{t}. Закрепление', '{t}. Решение упражнений'],
	geometry: ['{t}', '{t}. Решение задач', '{t}. Закрепление'],
	russian: ['{t}', '{t}. Закрепление', 'Упражнения по теме «{t}»', '{t}. Работа с текстом'],
	literature: ['{t}', '{t}. Анализ текста', '{t}. Образы героев', '{t}. Обсуждение прочитанного'],
	reading: ['{t}', '{t}. Выразительное чтение', '{t}. Работа с текстом'],
	english: ['{t}', '{t}. Лексика', '{t}. Грамматика', '{t}. Чтение', '{t}. Аудирование', '{t}. Говорение'],
	physics: ['{t}', '{t}. Решение задач', '{t}. Решение качественных задач', '{t}. Закрепление'],
	chemistry: ['{t}', '{t}. Решение задач', '{t}. Закрепление'],
	informatics: ['{t}', '{t}. Практикум', '{t}. Решение задач'],
	history: ['{t}', '{t}. Работа с историческими источниками', '{t}. Продолжение темы'],
	social: ['{t}', '{t}. Практикум', '{t}. Продолжение темы'],
	geography: ['{t}', '{t}. Работа с картой', '{t}. Продолжение темы'],
	biology: ['{t}', '{t}. Продолжение темы', '{t}. Закрепление'],
	world: ['{t}', '{t}. Продолжение темы', '{t}. Закрепление'],
	pe: ['{t}', '{t}. Совершенствование техники', '{t}. Развитие физических качеств']
};
// Other subjects repeat the unit's title, as thematic plans of one-hour subjects often do.

/** A topic that mentions another one: «по теме «…»» unless the title is already quoted. */
function about(prefix: string, title: string): string {
	return title.includes('«') ? `${prefix}. ${title}` : `${prefix} по теме «${title}»`;
}

/**
 * The first `count` lessons of a journal of `subject` in `grade`. A unit gets its share of the
 * year's hours (34 weeks), so a three-hour subject has longer units than a one-hour one.
 */
export function planLessons(subject: SubjectDef, grade: number, count: number, random: Random): PlannedLesson[] {
	const units = forGrade(UNITS[subject.code], grade);
	const unitTitles = units.length > 0 ? units : [subject.name];
	const yearLessons = hoursOf(subject, grade) * 34;
	const graded = grade > 1;
	const testEvery = graded ? TEST_EVERY[subject.code] ?? 0 : 0;
	const variants = VARIANTS[subject.code] ?? ['{t}'];
	const lessons: PlannedLesson[] = [];
	let tests = 0;
	let practicals = 0;
	for (let unit = 0; lessons.length < count; unit++) {
		const base = unitTitles[unit % unitTitles.length];
		// A plan that runs out (a long year, a short list) goes round again as revision.
		const title = unit < unitTitles.length ? base : `Повторение: ${base}`;
		const length = Math.max(2, Math.round((yearLessons / unitTitles.length) * (0.75 + 0.5 * random.next())));
		const endsInTest = testEvery > 0 && (unit + 1) % testEvery === 0;
		for (let i = 0; i < length; i++) {
			let lesson: PlannedLesson;
			if (endsInTest && i === length - 1) {
				tests++;
				const dictation = subject.code === 'russian' && tests % 2 === 1;
				lesson = dictation
					? { topic: about(`Контрольный диктант № ${Math.ceil(tests / 2)}`, title), workType: 'dictation', homework: null }
					: { topic: about(`Контрольная работа № ${subject.code === 'russian' ? tests / 2 : tests}`, title), workType: 'test', homework: null };
			} else if (graded && INDEPENDENT.has(subject.code) && length >= 5 && (i === Math.floor(length / 2) || (length >= 12 && i === Math.floor((3 * length) / 4)))) {
				lesson = { topic: about('Самостоятельная работа', title), workType: 'independent', homework: null };
			} else if (graded && PRACTICAL_PER_UNIT.has(subject.code) && length >= 3 && i === length - 2) {
				practicals++;
				lesson = { topic: about(`Практическая работа № ${practicals}`, title), workType: 'practical', homework: null };
			} else if (i === 0) {
				lesson = { topic: title, workType: 'answer', homework: null };
			} else if (testEvery > 0 && i === length - 2 && endsInTest) {
				lesson = { topic: about('Обобщение и систематизация знаний', title), workType: 'answer', homework: null };
			} else {
				// Later lessons of a unit say what they do (practice, revision) where the subject has words for it.
				const later = variants.length > 1 ? variants.slice(1) : variants;
				lesson = { topic: random.pick(later).replaceAll('{t}', title), workType: 'answer', homework: null };
			}
			lessons.push(lesson);
			if (lessons.length >= count) break;
		}
	}
	if (graded) {
		spreadWorks(lessons, forGrade(LABS[subject.code], grade), yearLessons, 'lab', 'Лабораторная работа');
		spreadWorks(lessons, forGrade(PRACTICALS[subject.code], grade), yearLessons, 'practical', 'Практическая работа');
	}
	lessons.forEach((lesson, index) => {
		lesson.homework = homeworkFor(subject, grade, index, lesson.workType, random);
	});
	return lessons;
}

/** Puts the year's laboratory or practical works on ordinary lessons spread evenly over it. */
function spreadWorks(lessons: PlannedLesson[], titles: readonly string[], yearLessons: number, workType: WorkCode, label: string): void {
	titles.forEach((title, j) => {
		let at = Math.round(((j + 0.6) * yearLessons) / titles.length);
		// Move onto the next ordinary lesson: a test or another work keeps its place.
		while (at < lessons.length && (lessons[at].workType !== 'answer' || at === 0)) at++;
		if (at >= lessons.length) return;
		lessons[at] = { topic: `${label} № ${j + 1} «${title}»`, workType, homework: null };
	});
}

/** Homework as a teacher writes it: textbook paragraphs and exercise numbers that advance. */
function homeworkFor(subject: SubjectDef, grade: number, index: number, workType: WorkCode, random: Random): string | null {
	// No homework in the first grade (СанПиН) nor in physical education.
	if (grade === 1 || !subject.homework) return null;
	if (workType === 'lab') return 'Оформить отчёт о лабораторной работе';
	if (workType === 'test' || workType === 'dictation') return random.chance(0.4) ? 'Повторить правила, работа над ошибками' : null;
	const easy = subject.easy;
	if (!random.chance(easy ? 0.25 : 0.85)) return null;
	const p = 1 + Math.floor(index / 2);
	const page = 6 + index * 2 + random.int(0, 1);
	const ex = 5 + index * 4 + random.int(0, 3);
	switch (subject.code) {
		case 'russian':
			return random.pick([`Упр. ${ex}`, `§ ${p}, упр. ${ex}`, `Упр. ${ex}, ${ex + 2}`, `Выучить правило на с. ${page}, упр. ${ex}`]);
		case 'reading':
			return random.pick([`С. ${page}–${page + 3}, выразительное чтение`, `С. ${page}, ответить на вопросы`, 'Выучить стихотворение наизусть']);
		case 'literature':
			return random.pick([`Прочитать с. ${page * 2}–${page * 2 + 14}`, `Ответить на вопросы на с. ${page * 2}`, 'Выучить отрывок наизусть', `Письменно ответить на вопрос ${random.int(1, 6)}`]);
		case 'math': {
			const n = 10 + index * 7 + random.int(0, 3);
			return random.pick([`№ ${n}, ${n + 2}, ${n + 5}`, `С. ${page}, № ${random.int(1, 6)}, ${random.int(7, 9)}`, `№ ${n}–${n + 4}`]);
		}
		case 'algebra':
		case 'probability': {
			const n = 10 + index * 6 + random.int(0, 3);
			return random.pick([`§ ${p}, № ${n}, ${n + 2}, ${n + 4}`, `§ ${p}, № ${n}–${n + 6} (чётные)`, `№ ${n}, ${n + 3}`]);
		}
		case 'geometry': {
			const n = 10 + index * 6 + random.int(0, 3);
			return random.pick([`П. ${p}, № ${n}, ${n + 2}`, `П. ${p}, вопросы ${random.int(1, 4)}–${random.int(5, 9)}, № ${n}`, `№ ${n}, ${n + 3}`]);
		}
		case 'english':
			return random.pick([`Упр. ${random.int(1, 9)}, с. ${page}`, `Выучить слова, с. ${page}`, `Рабочая тетрадь, с. ${Math.ceil(page / 2)}, упр. ${random.int(1, 6)}`]);
		case 'world':
			return random.pick([`С. ${page}–${page + 3}, ответить на вопросы`, `Рабочая тетрадь, с. ${Math.ceil(page / 2)}`]);
		case 'physics':
			return random.pick([`§ ${p}, упр. ${p + 1} (${random.int(1, 3)}, ${random.int(4, 5)})`, `§ ${p}, вопросы после параграфа`]);
		case 'chemistry':
			return random.pick([`§ ${p}, задачи ${random.int(1, 3)}–${random.int(4, 6)}`, `§ ${p}, упр. ${random.int(1, 8)}`]);
		case 'geography':
			return random.pick([`§ ${p}, вопросы на с. ${page}`, `§ ${p}, контурная карта`]);
		case 'music':
			return 'Послушать произведения, о которых говорили на уроке';
		case 'art':
			return 'Принести альбом и краски';
		case 'tech':
			return 'Подготовить материалы к практической работе';
		case 'orkse':
			return 'Подготовить сообщение по теме урока';
		default:
			return random.pick([`§ ${p}, вопросы на с. ${page}`, `§ ${p}, ответить на вопросы`, `§ ${p}, заполнить таблицу`]);
	}
}
