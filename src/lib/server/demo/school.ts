/**
 * The demo school in memory, before it touches the database: classes, students and their
 * families, study groups, journals, teachers with their teaching load, class teachers and the
 * demo accounts. Everything is drawn from a seeded stream, so a seed always gives one school.
 */
import { addDays, type SchoolCalendar } from './calendar.ts';
import {
	CLASS_LETTERS,
	hoursOf,
	SPECIALITIES,
	specialityOf,
	SUBJECTS,
	type SubjectCode,
	type SubjectDef
} from './curriculum.ts';
import {
	adultPatronymic,
	type Gender,
	type MaleName,
	patronymic,
	pickChildName,
	pickManName,
	pickSurname,
	pickWomanName,
	surnameFor,
	transliterate
} from './names.ts';
import type { Random } from './random.ts';

/** How well a student does at school; sets the mean of their marks. */
export type Tier = 'excellent' | 'good' | 'average' | 'weak' | 'failing';

/** A role of a staff member, as in the staff_role table. */
export type StaffRole = 'admin' | 'director' | 'deputy' | 'teacher';

/** A person row before insertion. */
export interface PersonDraft {
	kind: 'student' | 'parent' | 'staff';
	lastName: string;
	firstName: string;
	middleName: string;
	gender: Gender;
	birthDate: string;
	email: string | null;
	phone: string | null;
	/** when a class teacher last checked the profile. */
	verifiedOn: string | null;
	login: string;
}

/** A student: the person, the class, the enrolment and what drives their marks and absences. */
export interface StudentDraft {
	person: number;
	classIndex: number;
	arrivedOn: string;
	departedOn: string | null;
	note: string | null;
	tier: Tier;
	/** Per-subject offset to the tier's mean mark: nobody is equally good at everything. */
	skill: Map<SubjectCode, number>;
	/** Multiplier of the chance to fall ill. */
	sickly: number;
}

/** A class of the year. */
export interface ClassDraft {
	grade: number;
	letter: string;
	/** '7А'. */
	name: string;
	/** Indexes into students. */
	students: number[];
	/** Index into staff; set once the teaching load is known. */
	classTeacher: number;
}

/** The whole class (subject null) or one of its two subgroups for a subject. */
export interface GroupDraft {
	classIndex: number;
	subject: SubjectCode | null;
	name: string;
	/** Indexes into students. */
	members: number[];
}

/** A journal: one group × one subject, with its teacher. */
export interface JournalDraft {
	group: number;
	classIndex: number;
	subject: SubjectDef;
	hours: number;
	/** 1 or 2 for a subgroup's journal, 0 for the whole class. */
	groupNo: number;
	/** Index into staff. */
	teacher: number;
}

/** A member of staff. */
export interface StaffDraft {
	person: number;
	roles: StaffRole[];
	speciality: string | null;
	room: string | null;
	/** Position shown in the demo logins: 'директор школы'. */
	position: string | null;
}

/** A parent–child link. */
export interface GuardianDraft {
	parent: number;
	student: number;
	relation: 'мать' | 'отец';
}

/** The generator's size knobs. */
export interface SchoolSize {
	classesPerGrade: number;
	studentsPerClass: number;
	/** Total number of students to hit exactly, when the caller asked for one. */
	totalStudents?: number;
}

/** The whole school in memory. */
export interface SchoolModel {
	persons: PersonDraft[];
	students: StudentDraft[];
	staff: StaffDraft[];
	classes: ClassDraft[];
	groups: GroupDraft[];
	journals: JournalDraft[];
	guardians: GuardianDraft[];
	/** The people behind the demo logins. */
	demo: {
		admin: number;
		director: number;
		deputy: number;
		teacher: number;
		classTeacher: number;
		/** Index into persons. */
		parent: number;
		/** Index into students. */
		student: number;
	};
}

const TIERS: readonly (readonly [Tier, number])[] = [
	['excellent', 15],
	['good', 40],
	['average', 30],
	['weak', 12],
	['failing', 3]
];

/** Builds the school in memory; `random` is the only source of variety. */
export function buildSchool(random: Random, size: SchoolSize, calendar: SchoolCalendar, today: string): SchoolModel {
	const persons: PersonDraft[] = [];
	const classes = buildClasses(random, size);
	const { students, guardians, demoStudent, demoParent } = buildStudents(random, classes, persons, calendar, today);
	const groups = buildGroups(classes, students, persons);
	const journals = buildJournals(classes, groups);
	const { staff, demo } = buildStaff(random, classes, journals, persons);
	assignLogins(persons, staff, demo, demoParent, students[demoStudent].person);
	return {
		persons,
		students,
		staff,
		classes,
		groups,
		journals,
		guardians,
		demo: { ...demo, parent: demoParent, student: demoStudent }
	};
}

function buildClasses(random: Random, size: SchoolSize): ClassDraft[] {
	const classes: ClassDraft[] = [];
	for (let grade = 1; grade <= 11; grade++) {
		for (let i = 0; i < size.classesPerGrade; i++) {
			const letter = CLASS_LETTERS[i];
			classes.push({ grade, letter, name: `${grade}${letter}`, students: [], classTeacher: -1 });
		}
	}
	const sizes = classes.map(() => Math.max(2, size.studentsPerClass + random.int(-2, 2)));
	if (size.totalStudents !== undefined) {
		// Hit the requested total exactly: nudge random classes up or down by one.
		let total = sizes.reduce((a, b) => a + b, 0);
		while (total !== size.totalStudents) {
			const i = random.int(0, sizes.length - 1);
			if (total < size.totalStudents) {
				sizes[i]++;
				total++;
			} else if (sizes[i] > 2) {
				sizes[i]--;
				total--;
			}
		}
	}
	classes.forEach((c, i) => (c.students = new Array(sizes[i]).fill(-1)));
	return classes;
}

interface Family {
	surname: string;
	father: MaleName;
	fatherBirth: string;
	motherName: string;
	motherSurname: string;
	motherBirth: string;
	registered: 'both' | 'mother' | 'father';
	parents: { person: number; relation: 'мать' | 'отец' }[];
}

function buildStudents(random: Random, classes: ClassDraft[], persons: PersonDraft[], calendar: SchoolCalendar, today: string) {
	// Seats are (class, place) pairs in class order; a seat's index is its student's index.
	// Siblings are two seats of one family in different grades.
	const seats: { classIndex: number; place: number }[] = [];
	classes.forEach((c, classIndex) => c.students.forEach((_, place) => seats.push({ classIndex, place })));
	const familyOf = new Array<number>(seats.length).fill(-1);
	const families: number[][] = [];
	const seatIndex = (classIndex: number, place: number) => seats.findIndex((s) => s.classIndex === classIndex && s.place === place);

	// The demo family: a student of 7А and a younger sibling in grade 3 or 4.
	const class7a = classes.findIndex((c) => c.name === '7А');
	const younger = random.pick(classes.map((c, i) => ({ c, i })).filter(({ c }) => c.grade === 3 || c.grade === 4)).i;
	const demoSeat = seatIndex(class7a, 0);
	const siblingSeat = seatIndex(younger, 0);
	families.push([demoSeat, siblingSeat]);
	familyOf[demoSeat] = familyOf[siblingSeat] = 0;

	const order = random.shuffle(seats.map((_, i) => i));
	for (const seat of order) {
		if (familyOf[seat] >= 0) continue;
		const family = [seat];
		if (random.chance(0.08)) {
			const grade = classes[seats[seat].classIndex].grade;
			const partner = order.find((other) => {
				if (familyOf[other] >= 0 || other === seat) return false;
				const gap = Math.abs(classes[seats[other].classIndex].grade - grade);
				return gap >= 1 && gap <= 6;
			});
			if (partner !== undefined) family.push(partner);
		}
		for (const member of family) familyOf[member] = families.length;
		families.push(family);
	}

	const students: StudentDraft[] = new Array(seats.length);
	const guardians: GuardianDraft[] = [];

	const births = seats.map((seat) => birthDateFor(random, classes[seat.classIndex].grade, calendar.startsOn));
	const familyRecords: Family[] = families.map((members, f) => {
		const oldestBirth = members.map((seat) => births[seat]).sort()[0];
		const motherBirth = addDays(oldestBirth, -random.int(22 * 365, 38 * 365));
		const surname = pickSurname(random);
		return {
			surname,
			father: pickManName(random),
			fatherBirth: addDays(motherBirth, -random.int(0, 6 * 365)),
			motherName: pickWomanName(random),
			motherSurname: random.chance(0.05) ? surnameFor(pickSurname(random), 'f') : surnameFor(surname, 'f'),
			motherBirth,
			registered: f === 0 ? 'both' : random.weighted([['both', 55], ['mother', 38], ['father', 7]] as const),
			parents: []
		};
	});

	// Students first (in class order), then parents, so both get tidy consecutive numbers.
	seats.forEach((seat, s) => {
		const family = familyRecords[familyOf[s]];
		const c = classes[seat.classIndex];
		const gender: Gender = random.chance(0.5) ? 'm' : 'f';
		const person = persons.length;
		persons.push({
			kind: 'student',
			lastName: surnameFor(family.surname, gender),
			firstName: pickChildName(random, gender),
			middleName: patronymic(family.father, gender),
			gender,
			birthDate: births[s],
			email: null,
			phone: c.grade >= 7 && random.chance(0.6) ? phone(random) : null,
			verifiedOn: verifiedOn(random, today),
			login: ''
		});
		const skill = new Map<SubjectCode, number>();
		for (const subject of SUBJECTS) skill.set(subject.code, random.normal() * 0.35);
		students[s] = {
			person,
			classIndex: seat.classIndex,
			arrivedOn: calendar.startsOn,
			departedOn: null,
			note: null,
			tier: random.weighted(TIERS),
			skill,
			sickly: Math.exp(random.normal() * 0.5)
		};
		c.students[seat.place] = s;
	});
	familyRecords.forEach((family) => {
		const mother = family.registered !== 'father';
		const father = family.registered !== 'mother';
		if (mother) {
			family.parents.push({ person: persons.length, relation: 'мать' });
			persons.push(parentDraft(random, family.motherSurname, family.motherName, adultPatronymic(random, 'f'), 'f', family.motherBirth, today));
		}
		if (father) {
			family.parents.push({ person: persons.length, relation: 'отец' });
			persons.push(parentDraft(random, family.surname, family.father.name, adultPatronymic(random, 'm'), 'm', family.fatherBirth, today));
		}
	});
	families.forEach((members, f) => {
		for (const seat of members) {
			for (const parent of familyRecords[f].parents) {
				guardians.push({ parent: parent.person, student: students[seat].person, relation: parent.relation });
			}
		}
	});

	// The demo family stays put all year, so its diary shows a full history.
	moveSomeStudents(random, students, new Set([demoSeat, siblingSeat]), calendar, today);
	return { students, guardians, demoStudent: demoSeat, demoParent: familyRecords[0].parents[0].person };
}

/** about 1% of students arrived after 1 September and about 1% have left. */
function moveSomeStudents(random: Random, students: StudentDraft[], keep: Set<number>, calendar: SchoolCalendar, today: string): void {
	// Only days with lessons both before and after the move make a visible history.
	const days = calendar.schoolDays.filter((d) => d >= addDays(calendar.startsOn, 14) && d <= addDays(today, -7));
	if (days.length === 0) return;
	const count = Math.max(1, Math.round(students.length * 0.01));
	const candidates = random.shuffle(students.map((_, i) => i).filter((i) => !keep.has(i)));
	candidates.slice(0, count).forEach((i) => {
		students[i].departedOn = random.pick(days);
		students[i].note = random.pick([
			'Выбыл(а) в связи с переменой места жительства',
			'Выбыл(а) в МБОУ «Гимназия № 2»',
			'Выбыл(а) на семейное обучение'
		]);
	});
	candidates.slice(count, 2 * count).forEach((i) => {
		students[i].arrivedOn = random.pick(days);
		students[i].note = random.pick(['Прибыл(а) из МБОУ «СОШ № 5»', 'Прибыл(а) из другого региона', 'Прибыл(а) из МАОУ «Лицей № 1»']);
	});
}

/** A birth date fitting the grade: on 1 September a first-grader is 6½ to 7½ years old. */
function birthDateFor(random: Random, grade: number, yearStart: string): string {
	return addDays(yearStart, -Math.round((grade + 5.5 + random.next()) * 365.25));
}

function parentDraft(random: Random, lastName: string, firstName: string, middleName: string, gender: Gender, birthDate: string, today: string): PersonDraft {
	return {
		kind: 'parent',
		lastName,
		firstName,
		middleName,
		gender,
		birthDate,
		email: random.chance(0.7) ? `${transliterate(firstName)}.${transliterate(lastName)}${random.int(1, 99)}@example.com` : null,
		phone: phone(random),
		verifiedOn: verifiedOn(random, today),
		login: ''
	};
}

function phone(random: Random): string {
	const d = (n: number) => String(random.int(0, 10 ** n - 1)).padStart(n, '0');
	return `+7 9${d(2)} ${d(3)}-${d(2)}-${d(2)}`;
}

/** Most profiles were checked within the month; a few are overdue. */
function verifiedOn(random: Random, today: string): string {
	return addDays(today, -random.int(0, random.chance(0.85) ? 30 : 75));
}

function buildGroups(classes: ClassDraft[], students: StudentDraft[], persons: PersonDraft[]): GroupDraft[] {
	const groups: GroupDraft[] = [];
	classes.forEach((c, classIndex) => {
		groups.push({ classIndex, subject: null, name: 'Весь класс', members: [...c.students] });
		// Subgroups split the class list in alphabetical halves, as class teachers usually do.
		const byName = [...c.students].sort((a, b) => {
			const pa = persons[students[a].person];
			const pb = persons[students[b].person];
			return pa.lastName.localeCompare(pb.lastName, 'ru') || pa.firstName.localeCompare(pb.firstName, 'ru');
		});
		const half = Math.ceil(byName.length / 2);
		for (const subject of SUBJECTS) {
			if (!subject.subgroups || hoursOf(subject, c.grade) === 0) continue;
			groups.push({ classIndex, subject: subject.code, name: '1 группа', members: byName.slice(0, half) });
			groups.push({ classIndex, subject: subject.code, name: '2 группа', members: byName.slice(half) });
		}
	});
	return groups;
}

function buildJournals(classes: ClassDraft[], groups: GroupDraft[]): JournalDraft[] {
	const journals: JournalDraft[] = [];
	classes.forEach((c, classIndex) => {
		const whole = groups.findIndex((g) => g.classIndex === classIndex && g.subject === null);
		for (const subject of SUBJECTS) {
			const hours = hoursOf(subject, c.grade);
			if (hours === 0) continue;
			if (!subject.subgroups) {
				journals.push({ group: whole, classIndex, subject, hours, groupNo: 0, teacher: -1 });
				continue;
			}
			groups.forEach((g, group) => {
				if (g.classIndex === classIndex && g.subject === subject.code) {
					journals.push({ group, classIndex, subject, hours, groupNo: g.name.startsWith('1') ? 1 : 2, teacher: -1 });
				}
			});
		}
	});
	return journals;
}

interface Bundle {
	speciality: string;
	classIndex: number;
	groupNo: number;
	subjectOrder: number;
	journals: number[];
	hours: number;
}

// Administrators teach a few hours of their own subject, as they do in real schools.
const ADMIN_TEACHING: readonly { position: string; role: StaffRole; speciality: string; gender: Gender }[] = [
	{ position: 'директор школы', role: 'director', speciality: 'history', gender: 'f' },
	{ position: 'заместитель директора по учебной работе', role: 'deputy', speciality: 'math', gender: 'f' },
	{ position: 'заместитель директора по воспитательной работе', role: 'deputy', speciality: 'russian', gender: 'f' }
];

function buildStaff(random: Random, classes: ClassDraft[], journals: JournalDraft[], persons: PersonDraft[]) {
	const staff: StaffDraft[] = [];
	const newStaff = (gender: Gender, roles: StaffRole[], speciality: string | null, position: string | null): number => {
		const lastName = surnameFor(pickSurname(random), gender);
		const firstName = gender === 'm' ? pickManName(random).name : pickWomanName(random);
		persons.push({
			kind: 'staff',
			lastName,
			firstName,
			middleName: adultPatronymic(random, gender),
			gender,
			birthDate: `${1962 + random.int(0, 38)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
			email: `${transliterate(firstName[0])}.${transliterate(lastName)}@example.com`,
			phone: phone(random),
			verifiedOn: null,
			login: ''
		});
		staff.push({ person: persons.length - 1, roles, speciality, room: null, position });
		return staff.length - 1;
	};

	const admin = newStaff(random.chance(0.5) ? 'm' : 'f', ['admin'], null, 'администратор электронного журнала');
	const administrators = ADMIN_TEACHING.map((a) => newStaff(a.gender, [a.role, 'teacher'], a.speciality, a.position));

	// Bundle journals: one teacher takes algebra, geometry and statistics of a class together.
	const bundles = new Map<string, Bundle>();
	journals.forEach((j, index) => {
		const c = classes[j.classIndex];
		const speciality = SPECIALITIES.find((s) => s.code === specialityOf(j.subject.code, c.grade))!;
		const key = speciality.together
			? `${speciality.code}:${j.classIndex}:${j.groupNo}`
			: `${speciality.code}:${j.classIndex}:${j.subject.code}:${j.groupNo}`;
		let bundle = bundles.get(key);
		if (!bundle) {
			bundle = { speciality: speciality.code, classIndex: j.classIndex, groupNo: j.groupNo, subjectOrder: SUBJECTS.indexOf(j.subject), journals: [], hours: 0 };
			bundles.set(key, bundle);
		}
		bundle.journals.push(index);
		bundle.hours += j.hours;
	});

	let room = 200;
	for (const speciality of SPECIALITIES) {
		// Order: first subgroups, whole classes, second subgroups; then subject, grade, letter.
		// Cutting this list into consecutive runs keeps a teacher on neighbouring classes and
		// puts the two subgroups of one class with two different teachers.
		const rank = (b: Bundle) => (b.groupNo === 1 ? 0 : b.groupNo === 0 ? 1 : 2);
		const list = [...bundles.values()]
			.filter((b) => b.speciality === speciality.code)
			.sort((a, b) => rank(a) - rank(b) || (speciality.together ? 0 : a.subjectOrder - b.subjectOrder) || a.classIndex - b.classIndex);
		if (list.length === 0) continue;
		const teacherOf = (bundle: Bundle, teacher: number) => bundle.journals.forEach((j) => (journals[j].teacher = teacher));

		if (speciality.code === 'primary') {
			// A primary class has its own teacher for nearly everything, who is its class teacher.
			list.forEach((bundle) => {
				const teacher = newStaff(random.chance(speciality.men) ? 'm' : 'f', ['teacher'], 'primary', null);
				staff[teacher].room = String(100 + bundle.classIndex + 1);
				classes[bundle.classIndex].classTeacher = teacher;
				teacherOf(bundle, teacher);
			});
			continue;
		}

		const admins = administrators.filter((a) => staff[a].speciality === speciality.code);
		for (const a of admins) {
			let load = 0;
			while (load < 4 && list.length > 1) {
				const bundle = list.pop()!;
				teacherOf(bundle, a);
				load += bundle.hours;
			}
			staff[a].room = String(++room);
		}

		const total = list.reduce((sum, b) => sum + b.hours, 0);
		let count = Math.max(1, Math.round(total / 22));
		while (total / count > 26) count++;
		if (list.some((b) => b.groupNo > 0)) count = Math.max(count, 2);
		const teachers: number[] = [];
		for (let i = 0; i < count; i++) {
			const teacher = newStaff(random.chance(speciality.men) ? 'm' : 'f', ['teacher'], speciality.code, null);
			// A gym or a workshop per teacher: lessons of different classes run there at once.
			staff[teacher].room = speciality.room ? (count > 1 ? `${speciality.room} ${i + 1}` : speciality.room) : String(++room);
			teachers.push(teacher);
		}
		const share = total / count;
		const siblingTeacher = new Map<string, number>();
		let done = 0;
		for (const bundle of list) {
			let t = Math.min(count - 1, Math.floor((done + bundle.hours / 2) / share));
			done += bundle.hours;
			const key = `${bundle.classIndex}:${bundle.subjectOrder}`;
			if (bundle.groupNo > 0) {
				// The two subgroups meet at the same time, so they need two different teachers.
				if (siblingTeacher.get(key) === teachers[t]) t = t + 1 < count ? t + 1 : t - 1;
				siblingTeacher.set(key, teachers[t]);
			}
			teacherOf(bundle, teachers[t]);
		}
	}

	const { teacher, classTeacher } = chooseClassTeachers(random, classes, journals, staff, new Set([admin, ...administrators]));
	return {
		staff,
		demo: { admin, director: administrators[0], deputy: administrators[1], teacher, classTeacher }
	};
}

/** Secondary classes get a class teacher among those who teach them; primary ones have theirs. */
function chooseClassTeachers(random: Random, classes: ClassDraft[], journals: JournalDraft[], staff: StaffDraft[], administrators: Set<number>) {
	const hoursIn = new Map<number, Map<number, number>>();
	journals.forEach((j) => {
		const perClass = hoursIn.get(j.teacher) ?? new Map<number, number>();
		perClass.set(j.classIndex, (perClass.get(j.classIndex) ?? 0) + j.hours);
		hoursIn.set(j.teacher, perClass);
	});
	const classCount = (t: number) => hoursIn.get(t)?.size ?? 0;
	const subjectTeachers = staff
		.map((_, i) => i)
		.filter((i) => !administrators.has(i) && staff[i].speciality !== 'primary' && staff[i].roles.includes('teacher'));

	// The demo subject teacher: teaches at least three classes and has no class of their own.
	const preferred = ['math', 'russian', 'english', 'physinf', 'history', 'biochem', 'geography'];
	const withClasses = subjectTeachers.filter((t) => classCount(t) >= 3);
	const teacher =
		preferred.map((p) => withClasses.find((t) => staff[t].speciality === p)).find((t) => t !== undefined) ??
		withClasses[0] ??
		subjectTeachers.reduce((best, t) => (classCount(t) > classCount(best) ? t : best));

	const taken = new Set<number>([teacher]);
	const class7a = classes.findIndex((c) => c.name === '7А');
	const order = [class7a, ...classes.map((_, i) => i).filter((i) => i !== class7a && classes[i].grade >= 5)];
	for (const classIndex of order) {
		const candidates = subjectTeachers.filter((t) => !taken.has(t) && hoursIn.get(t)?.has(classIndex));
		let chosen: number | undefined;
		if (candidates.length > 0) {
			const most = Math.max(...candidates.map((t) => hoursIn.get(t)!.get(classIndex)!));
			chosen = random.pick(candidates.filter((t) => hoursIn.get(t)!.get(classIndex) === most));
		} else {
			// A small school may run out of free teachers of the class: take any free one.
			chosen = subjectTeachers.find((t) => !taken.has(t)) ?? subjectTeachers.find((t) => t !== teacher)!;
		}
		taken.add(chosen);
		classes[classIndex].classTeacher = chosen;
	}
	return { teacher, classTeacher: classes[class7a].classTeacher };
}

/** Demo people get memorable logins; everybody else teacherN, studentN, parentN in order. */
function assignLogins(persons: PersonDraft[], staff: StaffDraft[], demo: { admin: number; director: number; deputy: number; teacher: number; classTeacher: number }, parent: number, student: number): void {
	const special = new Map<number, string>([
		[staff[demo.admin].person, 'admin'],
		[staff[demo.director].person, 'director'],
		[staff[demo.deputy].person, 'zavuch'],
		[staff[demo.teacher].person, 'uchitel'],
		[staff[demo.classTeacher].person, 'klruk'],
		[parent, 'roditel'],
		[student, 'uchenik']
	]);
	const counters = { student: 0, parent: 0, staff: 0 };
	const prefix = { student: 'student', parent: 'parent', staff: 'teacher' } as const;
	persons.forEach((p, i) => {
		p.login = special.get(i) ?? `${prefix[p.kind]}${++counters[p.kind]}`;
	});
}
