/**
 * The demo school generator: a realistic Russian school (classes 1–11, teachers, families,
 * timetable, and a journal filled up to `today`) written into an empty database in one
 * transaction. Deterministic: the same seed and `today` give the same school.
 *
 * The school is built in memory first (school.ts, timetable.ts, lessons.ts) and then inserted
 * table by table with one array per column (see ../db/bulk.ts), because on the embedded PGlite
 * every statement crosses a socket and row-by-row inserts of ~50 000 marks would take minutes.
 * The statements themselves live in the db layer (../db/bulk.ts, ../db/demo.ts).
 */
import { hashPassword } from '../auth/password.ts';
import type { Sql, Tx } from '../db/client.ts';
import { bulkWriter, type BulkRow, type BulkWriter } from '../db/bulk.ts';
import { writeAudit } from '../db/audit.ts';
import { classIdsOfYear, firstTeacherOfJournals, insertDemoSchool, insertDemoThread, insertDemoYear } from '../db/demo.ts';
import { DEFAULT_SCHOOL_GRADING } from '../../domain/grading-settings.ts';
import { addDays, schoolCalendar, type SchoolCalendar } from './calendar.ts';
import { CLASS_LETTERS, HARD_SUBJECTS, SUBJECTS, type SubjectCode } from './curriculum.ts';
import { BELLS, simulateJournals, type JournalHistory } from './lessons.ts';
import { WORK_TYPES, type WorkCode } from './plan.ts';
import { createRandom, type Random } from './random.ts';
import { journalHeadersOfClass } from '../db/journal.ts';
import { journalStandings } from '../queries/standing.ts';
import { buildSchool, type SchoolModel, type SchoolSize } from './school.ts';
import { buildTimetable, type Timetable, type TimetableUnit } from './timetable.ts';

/** What kind of school to generate. */
export interface DemoOptions {
	/** Seed of the generator: the same seed and `today` give the same school. */
	seed: number;
	/** Students per class before a ±2 variation; 25 by default. */
	studentsPerClass?: number;
	/** Parallel classes per grade (А, Б, …); 2 by default. */
	classesPerGrade?: number;
	/** Total number of students; overrides the two above by adding classes per grade. */
	students?: number;
	/** The day the journal is filled up to, 'YYYY-MM-DD'; picks the school year too. */
	today: string;
}

/** A ready-made account to try the journal with. */
export interface DemoLogin {
	role: 'admin' | 'director' | 'deputy' | 'teacher' | 'class_teacher' | 'parent' | 'student';
	login: string;
	password: string;
	/** Full name: «Иванова Мария Сергеевна». */
	name: string;
	/** Who this is, in Russian: «учитель математики в 7Б, 8А, 8Б». */
	note: string;
}

/** What was generated. */
export interface DemoSummary {
	schoolId: number;
	yearId: number;
	logins: DemoLogin[];
	counts: { classes: number; students: number; parents: number; teachers: number; lessons: number; marks: number; absences: number };
}

/** The password of every demo account. */
export const DEMO_PASSWORD = 'demo';

/** True when no school exists yet, i.e. the demo may be generated. */
export { isDatabaseEmpty } from '../db/demo.ts';

/** Throws (in Russian) when the options cannot make a school; the CLI checks before opening the database. */
export function checkDemoOptions(options: DemoOptions): void {
	schoolSize(options);
	schoolCalendar(options.today);
}

/** Generates the demo school into an empty, migrated database, all in one transaction. */
export async function generateDemoSchool(sql: Sql, options: DemoOptions): Promise<DemoSummary> {
	const size = schoolSize(options);
	const calendar = schoolCalendar(options.today);
	const random = createRandom(options.seed);
	// Separate streams per stage: changing the timetable code does not reshuffle the families.
	const schoolRandom = random.fork('school');
	const timetableRandom = random.fork('timetable');
	const journalRandom = random.fork('journal');

	const { model, timetable } = planSchool(schoolRandom, timetableRandom, size, calendar, options.today);
	// The demo school saves no grading rules of its own, so the defaults decide its mark-free grades.
	const history = simulateJournals(model, calendar, timetable.slots, journalRandom, DEFAULT_SCHOOL_GRADING.markFreeGrades);
	// One argon2 hash for everybody: hashing ~1 500 passwords would take minutes.
	const passwordHash = await hashPassword(DEMO_PASSWORD);

	const summary = await sql.begin(async (tx) => {
		const written = await writeSchool(tx, model, calendar, timetable, history, passwordHash, options.today);
		await writeClosedPeriodMarks(tx, written.yearId, options.today, random.fork('period-marks'));
		return written;
	});
	return summary as DemoSummary;
}

// The school and its weekly timetable in memory, from their own random streams.
function planSchool(schoolRandom: Random, timetableRandom: Random, size: SchoolSize, calendar: SchoolCalendar, today: string): { model: SchoolModel; timetable: Timetable } {
	const model = buildSchool(schoolRandom, size, calendar, today);
	return { model, timetable: buildTimetable(timetableUnits(model), model.classes.length, timetableRandom) };
}

/**
 * The demo school's people, journals and weekly timetable as the generator makes them for these
 * options, in memory only (nothing is written): for checking the timetable without a database.
 */
export function demoSchoolPlan(options: DemoOptions): { model: SchoolModel; timetable: Timetable } {
	const random = createRandom(options.seed);
	const schoolRandom = random.fork('school');
	const timetableRandom = random.fork('timetable');
	return planSchool(schoolRandom, timetableRandom, schoolSize(options), schoolCalendar(options.today), options.today);
}

function schoolSize(options: DemoOptions): SchoolSize {
	const studentsPerClass = options.studentsPerClass ?? 25;
	const classesPerGrade = options.classesPerGrade ?? 2;
	if (!Number.isInteger(options.seed)) throw new Error('seed: нужно целое число');
	if (!Number.isInteger(studentsPerClass) || studentsPerClass < 2 || studentsPerClass > 40) {
		throw new Error('studentsPerClass: от 2 до 40 учеников в классе');
	}
	if (!Number.isInteger(classesPerGrade) || classesPerGrade < 1 || classesPerGrade > CLASS_LETTERS.length) {
		throw new Error(`classesPerGrade: от 1 до ${CLASS_LETTERS.length} классов в параллели`);
	}
	if (options.students === undefined) return { classesPerGrade, studentsPerClass };
	if (!Number.isInteger(options.students) || options.students < 22 || options.students > 11 * 40 * CLASS_LETTERS.length) {
		throw new Error(`students: от 22 (по два ученика в классе) до ${11 * 40 * CLASS_LETTERS.length}`);
	}
	// Keep classes near the usual size and add parallel classes instead.
	const perGrade = Math.min(CLASS_LETTERS.length, Math.max(1, Math.round(options.students / (11 * studentsPerClass))));
	return {
		classesPerGrade: perGrade,
		studentsPerClass: Math.max(2, Math.round(options.students / (11 * perGrade))),
		totalStudents: options.students
	};
}

/** One unit per whole-class journal; the two subgroup journals of a class meet together. */
function timetableUnits(model: SchoolModel): TimetableUnit[] {
	const units = new Map<string, TimetableUnit>();
	model.journals.forEach((journal, index) => {
		const key = journal.groupNo > 0 ? `${journal.classIndex}:${journal.subject.code}` : `journal:${index}`;
		const unit = units.get(key);
		if (unit) {
			unit.journals.push(index);
			unit.teachers.push(journal.teacher);
			return;
		}
		units.set(key, {
			classIndex: journal.classIndex,
			journals: [index],
			teachers: [journal.teacher],
			hours: journal.hours,
			hard: HARD_SUBJECTS.has(journal.subject.code)
		});
	});
	return [...units.values()];
}

async function writeSchool(
	tx: Tx,
	model: SchoolModel,
	calendar: SchoolCalendar,
	timetable: Timetable,
	history: JournalHistory,
	passwordHash: string,
	today: string
): Promise<DemoSummary> {
	const bulk = await bulkWriter(tx);
	// the demo school lets the class teacher set period marks in every journal of the class too.
	const settings = { timezone: 'Europe/Moscow', bells: BELLS.map(([start, end], i) => ({ lesson: i + 1, start, end })), classTeacherWrites: 'absences_and_period_marks' as const };
	const schoolId = await insertDemoSchool(tx, { name: 'МБОУ «Средняя общеобразовательная школа № 17»', shortName: 'СОШ № 17', settings });
	const yearId = await insertDemoYear(tx, schoolId, { name: calendar.name, startsOn: calendar.startsOn, endsOn: calendar.endsOn });

	await bulk.insert(
		'period',
		['year_id', 'kind', 'ordinal', 'name', 'starts_on', 'ends_on', 'marks_deadline', 'grade_from', 'grade_to'],
		calendar.periods.map((p) => ({
			year_id: yearId,
			kind: p.kind,
			ordinal: p.ordinal,
			name: p.name,
			starts_on: p.startsOn,
			ends_on: p.endsOn,
			marks_deadline: p.marksDeadline,
			grade_from: p.gradeFrom,
			grade_to: p.gradeTo
		}))
	);
	await bulk.insert(
		'holiday',
		['year_id', 'name', 'starts_on', 'ends_on'],
		calendar.holidays.map((h) => ({ year_id: yearId, name: h.name, starts_on: h.startsOn, ends_on: h.endsOn }))
	);
	const workTypeIds = await bulk.insertReturningIds(
		'work_type',
		['school_id', 'year_id', 'code', 'name', 'weight', 'topic_required'],
		WORK_TYPES.map((w) => ({ school_id: schoolId, year_id: yearId, code: w.code, name: w.name, weight: w.weight, topic_required: w.topicRequired }))
	);
	const workType = new Map<WorkCode, { id: number; weight: number }>(WORK_TYPES.map((w, i) => [w.code, { id: workTypeIds[i], weight: w.weight }]));

	const personIds = await bulk.insertReturningIds(
		'person',
		['school_id', 'last_name', 'first_name', 'middle_name', 'birth_date', 'email', 'phone', 'profile_verified_on'],
		model.persons.map((p) => ({
			school_id: schoolId,
			last_name: p.lastName,
			first_name: p.firstName,
			middle_name: p.middleName,
			birth_date: p.birthDate,
			email: p.email,
			phone: p.phone,
			profile_verified_on: p.verifiedOn
		}))
	);
	await bulk.insert(
		'account',
		['person_id', 'login', 'password_hash'],
		model.persons.map((p, i) => ({ person_id: personIds[i], login: p.login, password_hash: passwordHash }))
	);
	const staffId = (s: number) => personIds[model.staff[s].person];
	const studentId = (s: number) => personIds[model.students[s].person];
	await bulk.insert(
		'staff_role',
		['person_id', 'role'],
		model.staff.flatMap((s, i) => s.roles.map((role) => ({ person_id: staffId(i), role })))
	);

	const subjectIds = await bulk.insertReturningIds(
		'subject',
		['school_id', 'name', 'short_name', 'mark_free'],
		SUBJECTS.map((s) => ({ school_id: schoolId, name: s.name, short_name: s.shortName, mark_free: false }))
	);
	const subjectId = new Map<SubjectCode, number>(SUBJECTS.map((s, i) => [s.code, subjectIds[i]]));

	const classIds = await bulk.insertReturningIds(
		'class',
		['year_id', 'grade', 'letter', 'class_teacher_id'],
		model.classes.map((c) => ({ year_id: yearId, grade: c.grade, letter: c.letter, class_teacher_id: staffId(c.classTeacher) }))
	);
	await bulk.insert(
		'enrolment',
		['student_id', 'class_id', 'arrived_on', 'departed_on', 'note'],
		model.students.map((s, i) => ({
			student_id: studentId(i),
			class_id: classIds[s.classIndex],
			arrived_on: s.arrivedOn,
			departed_on: s.departedOn,
			note: s.note
		}))
	);
	await bulk.insert(
		'guardian',
		['parent_id', 'student_id', 'relation'],
		model.guardians.map((g) => ({ parent_id: personIds[g.parent], student_id: personIds[g.student], relation: g.relation }))
	);

	const groupIds = await bulk.insertReturningIds(
		'study_group',
		['class_id', 'subject_id', 'name', 'whole_class'],
		model.groups.map((g) => ({
			class_id: classIds[g.classIndex],
			subject_id: g.subject ? subjectId.get(g.subject)! : null,
			name: g.name,
			whole_class: g.subject === null
		}))
	);
	await bulk.insert(
		'group_member',
		['group_id', 'student_id', 'from_on', 'to_on'],
		model.groups.flatMap((g, i) =>
			g.members.map((s) => ({
				group_id: groupIds[i],
				student_id: studentId(s),
				from_on: model.students[s].arrivedOn,
				to_on: model.students[s].departedOn
			}))
		)
	);
	const journalIds = await bulk.insertReturningIds(
		'journal',
		['group_id', 'subject_id', 'hours_per_week'],
		model.journals.map((j) => ({ group_id: groupIds[j.group], subject_id: subjectId.get(j.subject.code)!, hours_per_week: j.hours }))
	);
	await bulk.insert(
		'journal_teacher',
		['journal_id', 'teacher_id'],
		model.journals.map((j, i) => ({ journal_id: journalIds[i], teacher_id: staffId(j.teacher) }))
	);
	await bulk.insert(
		'timetable_slot',
		['journal_id', 'weekday', 'lesson_no', 'room', 'valid_from'],
		timetable.slots.map((s) => ({
			journal_id: journalIds[s.journal],
			weekday: s.weekday,
			lesson_no: s.lessonNo,
			room: model.staff[model.journals[s.journal].teacher].room,
			valid_from: calendar.startsOn
		}))
	);

	const lessonIds = await bulk.insertReturningIds(
		'lesson',
		['journal_id', 'date', 'lesson_no', 'topic', 'work_type_id', 'homework', 'homework_on', 'teacher_id', 'created_at', 'updated_at'],
		history.lessons.map((l) => ({
			journal_id: journalIds[l.journal],
			date: l.date,
			lesson_no: l.lessonNo,
			topic: l.topic,
			work_type_id: workType.get(l.workType)!.id,
			homework: l.homework,
			// The demo's teachers enter homework on the lesson's day.
			homework_on: l.homework ? l.date : null,
			teacher_id: staffId(l.teacher),
			created_at: l.createdAt,
			updated_at: l.createdAt
		}))
	);
	await bulk.insert(
		'mark',
		['lesson_id', 'student_id', 'position', 'value', 'work_type_id', 'weight', 'author_id', 'created_at', 'updated_at'],
		history.marks.map((m) => ({
			lesson_id: lessonIds[m.lesson],
			student_id: studentId(m.student),
			position: m.position,
			value: m.value,
			work_type_id: workType.get(m.workType)!.id,
			weight: workType.get(m.workType)!.weight,
			author_id: staffId(history.lessons[m.lesson].teacher),
			created_at: m.createdAt,
			updated_at: m.createdAt
		}))
	);
	await bulk.insert(
		'absence',
		['lesson_id', 'student_id', 'code', 'author_id', 'created_at'],
		history.absences.map((a) => ({
			lesson_id: lessonIds[a.lesson],
			student_id: studentId(a.student),
			code: a.code,
			author_id: staffId(history.lessons[a.lesson].teacher),
			created_at: a.createdAt
		}))
	);

	await writeNews(tx, bulk, model, schoolId, classIds, personIds, today);

	// X-AUDIT: the log says who made the school and what was set up, as it was done — by the
	// generator, in one go. The journal's history (marks, lessons) is the simulation's and is not
	// presented as anybody's edits.
	const audit = (action: string, entity: string, entityId: number | null, newValue: unknown) =>
		writeAudit(tx, { actorId: null, action, entity, entityId, newValue, source: 'demo' });
	await audit('school.create', 'school', schoolId, { name: 'МБОУ «Средняя общеобразовательная школа № 17»', shortName: 'СОШ № 17', demo: true, timezone: settings.timezone });
	await audit('year.create', 'school_year', yearId, {
		name: calendar.name,
		startsOn: calendar.startsOn,
		endsOn: calendar.endsOn,
		periods: calendar.periods.map((p) => p.name).join(', '),
		holidays: calendar.holidays.length,
		workTypes: WORK_TYPES.length
	});
	await audit('subject.add', 'subject', null, { subjects: SUBJECTS.length });
	await audit('class.add', 'class', null, { classes: model.classes.length, names: model.classes.map((c) => `${c.grade}${c.letter}`).join(', ') });
	await audit('person.add', 'person', null, {
		students: model.students.length,
		parents: model.persons.filter((p) => p.kind === 'parent').length,
		staff: model.staff.length,
		accounts: model.persons.length
	});
	await audit('journal.create', 'journal', null, { groups: model.groups.length, journals: model.journals.length, teachers: new Set(model.journals.map((j) => j.teacher)).size });
	await audit('timetable.add', 'timetable_slot', null, { slots: timetable.slots.length, from: calendar.startsOn });

	return {
		schoolId,
		yearId,
		logins: demoLogins(model),
		counts: {
			classes: model.classes.length,
			students: model.students.length,
			parents: model.persons.filter((p) => p.kind === 'parent').length,
			teachers: model.staff.filter((s) => s.roles.includes('teacher')).length,
			lessons: history.lessons.length,
			marks: history.marks.length,
			absences: history.absences.length
		}
	};
}

/** Why a demo teacher gave a mark other than the suggested one. */
const JUSTIFICATIONS = ['Призёр школьной олимпиады', 'Учтена защита проекта', 'Систематически не сдаёт домашние работы', 'Учтён устный зачёт по теме', 'Высокая активность на уроках'];

/** Why a demo teacher gave a «3» where the marks suggested a «2». */
const RETAKE = 'Пересдал(а) пропущенные темы на консультации';

/**
 * the period marks of periods already closed, as their teachers set them by the
 * deadline — the suggested mark, and now and then one step off it with a justification.
 * Made by the same standings every page uses, so the demo's suggestions are the real ones.
 */
async function writeClosedPeriodMarks(tx: Tx, yearId: number, today: string, random: Random): Promise<void> {
	const classIds = await classIdsOfYear(tx, yearId);
	const teachers = await firstTeacherOfJournals(tx, yearId);
	const rows: BulkRow[] = [];
	for (const classId of classIds) {
		const headers = await journalHeadersOfClass(tx, classId);
		const standings = await journalStandings(tx, headers, today);
		headers.forEach((journal, j) => {
			const { sheet, rules, markFree } = standings[j];
			// Mark-free grades (grade 1) get no period marks either.
			if (markFree) return;
			sheet.columns.forEach((column, c) => {
				if (column.kind !== 'period' || column.state.open || column.state.byAdmin) return;
				const deadline = column.state.closedOn;
				for (const row of sheet.rows) {
					const suggested = row.cells[c].suggestion?.mark;
					if (!suggested || row.student.from > deadline || (row.student.to !== null && row.student.to < deadline)) continue;
					let value = suggested;
					let justification: string | null = null;
					const mark = Number(suggested);
					if (suggested === '2' && random.chance(0.75)) {
						// Most pupils heading for a «2» make up the missed topics before the deadline.
						value = '3';
						justification = RETAKE;
					} else if (Number.isInteger(mark) && random.chance(0.04)) {
						const other = mark + (random.chance(0.5) ? 1 : -1);
						if (other >= rules.scale.min && other <= rules.scale.max) {
							value = String(other);
							justification = random.pick(JUSTIFICATIONS);
						}
					}
					rows.push({
						journal_id: journal.journalId,
						student_id: row.student.id,
						kind: 'period',
						period_id: column.periodId,
						value,
						suggested,
						justification,
						author_id: teachers.get(journal.journalId) ?? null,
						set_at: `${deadline}T15:00:00+03:00`
					});
				}
			});
		});
	}
	const bulk = await bulkWriter(tx);
	await bulk.insert('period_mark', ['journal_id', 'student_id', 'kind', 'period_id', 'value', 'suggested', 'justification', 'author_id', 'set_at'], rows);
}

/** 'ДД.ММ.ГГГГ', the way dates read in the school (X-RU). */
function russianDate(date: string): string {
	const [y, m, d] = date.split('-');
	return `${d}.${m}.${y}`;
}

/** Announcements and a conversation of the demo class teacher with the demo parent. */
async function writeNews(tx: Tx, bulk: BulkWriter, model: SchoolModel, schoolId: number, classIds: number[], personIds: number[], today: string): Promise<void> {
	const person = (staffIndex: number) => model.persons[model.staff[staffIndex].person];
	const idOfStaff = (staffIndex: number) => personIds[model.staff[staffIndex].person];
	const classTeacher = model.demo.classTeacher;
	const class7a = model.classes.findIndex((c) => c.name === '7А');
	const meeting = addDays(today, 5);
	const trip = addDays(today, 4);
	const announcements = [
		{
			class_id: null,
			author_id: idOfStaff(model.demo.director),
			title: 'Общешкольное родительское собрание',
			body: `Уважаемые родители! ${russianDate(meeting)} в 18:30 в актовом зале состоится общешкольное родительское собрание. Повестка: успеваемость и посещаемость, организация питания, безопасность детей в зимний период. После общего собрания — встречи с классными руководителями в кабинетах.`,
			published_at: `${addDays(today, -6)}T10:00:00+03:00`,
			expires_at: `${meeting}T21:00:00+03:00`
		},
		{
			class_id: null,
			author_id: idOfStaff(model.demo.deputy),
			title: 'Электронный дневник',
			body: 'Уважаемые родители и обучающиеся! Оценки, домашние задания, расписание и посещаемость доступны в электронном дневнике. Код активации учётной записи можно получить у классного руководителя.',
			published_at: `${addDays(today, -20)}T09:00:00+03:00`,
			expires_at: null
		},
		{
			class_id: classIds[class7a],
			author_id: idOfStaff(classTeacher),
			title: 'Экскурсия в краеведческий музей',
			body: `${russianDate(trip)} 7А класс едет на экскурсию в краеведческий музей. Сбор у школы в 9:00, возвращение к 14:00. С собой — сменная обувь и перекус. Просьба до ${russianDate(addDays(trip, -2))} сообщить, если ребёнок не поедет.`,
			published_at: `${addDays(today, -2)}T16:30:00+03:00`,
			expires_at: `${trip}T18:00:00+03:00`
		}
	];
	await bulk.insert('announcement', ['school_id', 'class_id', 'author_id', 'title', 'body', 'published_at', 'expires_at'], announcements.map((a) => ({ school_id: schoolId, ...a })));

	const teacher = person(classTeacher);
	const parent = model.persons[model.demo.parent];
	const child = model.persons[model.students[model.demo.student].person];
	const teacherId = idOfStaff(classTeacher);
	const parentId = personIds[model.demo.parent];
	const ending = child.gender === 'f' ? 'а' : '';
	const subject = `Успеваемость: ${child.firstName}`;
	const threadId = await insertDemoThread(tx, {
		senderId: teacherId,
		recipientId: parentId,
		subject,
		body: `Здравствуйте, ${parent.firstName} ${parent.middleName}! ${child.firstName} за последние две недели не сдал${ending} несколько домашних заданий по алгебре и получил${ending} две тройки. Давайте вместе проследим, чтобы задания выполнялись вовремя. Если нужна консультация учителя, я договорюсь.`,
		sentAt: `${addDays(today, -3)}T15:40:00+03:00`,
		readAt: `${addDays(today, -3)}T19:02:00+03:00`
	});
	await bulk.insert('message', ['thread_id', 'sender_id', 'recipient_id', 'subject', 'body', 'sent_at', 'read_at'], [
		{
			thread_id: threadId,
			sender_id: parentId,
			recipient_id: teacherId,
			subject: `Re: ${subject}`,
			body: `Здравствуйте, ${teacher.firstName} ${teacher.middleName}! Спасибо, что сообщили. Поговорили дома, ${child.firstName} обещает исправиться. Подскажите, когда можно прийти на консультацию?`,
			sent_at: `${addDays(today, -3)}T19:15:00+03:00`,
			read_at: `${addDays(today, -2)}T08:05:00+03:00`
		},
		{
			thread_id: threadId,
			sender_id: teacherId,
			recipient_id: parentId,
			subject: `Re: ${subject}`,
			body: `Консультации по алгебре — по четвергам после седьмого урока. Жду вас и на родительском собрании ${russianDate(meeting)}.`,
			sent_at: `${addDays(today, -2)}T08:20:00+03:00`,
			read_at: null
		}
	]);
}

/** The demo accounts with a note on who each one is. */
function demoLogins(model: SchoolModel): DemoLogin[] {
	const fullName = (p: { lastName: string; firstName: string; middleName: string }) => `${p.lastName} ${p.firstName} ${p.middleName}`;
	const staffLogin = (role: DemoLogin['role'], s: number, prefix: string | null): DemoLogin => {
		const p = model.persons[model.staff[s].person];
		const teaching = teachingNote(model, s);
		const note = [prefix, teaching].filter(Boolean).join('; ');
		return { role, login: p.login, password: DEMO_PASSWORD, name: fullName(p), note };
	};
	const { demo } = model;
	const class7a = model.classes.find((c) => c.name === '7А')!;
	const parent = model.persons[demo.parent];
	const student = model.students[demo.student];
	const studentPerson = model.persons[student.person];
	const children = model.guardians
		.filter((g) => g.parent === demo.parent)
		.map((g) => {
			const s = model.students.find((st) => st.person === g.student)!;
			const p = model.persons[g.student];
			return `${p.lastName} ${p.firstName} (${model.classes[s.classIndex].name})`;
		});
	return [
		staffLogin('admin', demo.admin, model.staff[demo.admin].position),
		staffLogin('director', demo.director, model.staff[demo.director].position),
		staffLogin('deputy', demo.deputy, model.staff[demo.deputy].position),
		staffLogin('teacher', demo.teacher, null),
		staffLogin('class_teacher', demo.classTeacher, `классный руководитель ${class7a.name}`),
		{ role: 'parent', login: parent.login, password: DEMO_PASSWORD, name: fullName(parent), note: `${parent.gender === 'f' ? 'мама' : 'папа'}: ${children.join(', ')}` },
		{
			role: 'student',
			login: studentPerson.login,
			password: DEMO_PASSWORD,
			name: fullName(studentPerson),
			note: `${studentPerson.gender === 'f' ? 'ученица' : 'ученик'} ${model.classes[student.classIndex].name}`
		}
	];
}

/** «учитель физики и информатики в 7А, 7Б, 8А» for a staff member who teaches. */
function teachingNote(model: SchoolModel, staffIndex: number): string | null {
	const journals = model.journals.filter((j) => j.teacher === staffIndex);
	if (journals.length === 0) return null;
	const subjects = [...new Set(journals.map((j) => (model.staff[staffIndex].speciality === 'primary' ? 'начальных классов' : j.subject.teacherOf)))];
	const what = subjects.length > 1 ? `${subjects.slice(0, -1).join(', ')} и ${subjects.at(-1)}` : subjects[0];
	const classes = [...new Set(journals.map((j) => j.classIndex))].sort((a, b) => a - b).map((c) => model.classes[c].name);
	return `учитель ${what} в ${classes.join(', ')}`;
}

