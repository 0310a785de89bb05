/**
 * The weekly timetable of the demo school: Monday to Friday, lessons 1–7. Each class
 * gets a compact day (no gaps for students) and its weekly hours spread over the week. A greedy
 * placement, hardest units first, with two kinds of one-step repair keeps every teacher in one
 * room at a time; a final pass swaps lessons so a subject rarely comes twice on one day.
 */
import type { Random } from './random.ts';

/** Something to place `hours` times a week: one journal, or two subgroup journals side by side. */
export interface TimetableUnit {
	classIndex: number;
	/** Journals that meet together (the two subgroups of a class meet at the same time). */
	journals: number[];
	/** Teachers who must be free (indexes into staff). */
	teachers: number[];
	hours: number;
	/** Academic subjects prefer lessons 2–4 over the first and the last ones. */
	hard: boolean;
}

/** A journal's weekly lesson. */
export interface PlacedSlot {
	journal: number;
	/** 1 = Monday … 5 = Friday. */
	weekday: number;
	lessonNo: number;
}

/** The timetable and what is left imperfect in it. */
export interface Timetable {
	slots: PlacedSlot[];
	/** Teacher double bookings no repair could remove. */
	conflicts: number;
	/** Days with more lessons of a subject than its fair share (two Russian lessons on Monday). */
	crowdedDays: number;
}

const DAYS = 5;
const MAX_LESSONS = 7;
const WIDTH = MAX_LESSONS + 1;
// Extra lessons go to the middle of the week first: Tuesday, Wednesday, Thursday, Monday.
const EXTRA_DAY_ORDER = [1, 2, 3, 0, 4];

/** Places every unit; tries a few orders and keeps the first without double bookings. */
export function buildTimetable(units: readonly TimetableUnit[], classCount: number, random: Random, attempts = 30): Timetable {
	let best: Timetable | undefined;
	for (let i = 0; i < attempts; i++) {
		const result = attempt(units, classCount, random);
		if (!best || result.conflicts < best.conflicts || (result.conflicts === best.conflicts && result.crowdedDays < best.crowdedDays)) {
			best = result;
		}
		if (best.conflicts === 0 && best.crowdedDays === 0) break;
	}
	return best!;
}

function attempt(units: readonly TimetableUnit[], classCount: number, random: Random): Timetable {
	// A class's slots: days of equal length (±1), lessons from the first without gaps.
	const classSlots: number[][] = Array.from({ length: classCount }, () => []);
	const hoursOfClass = new Array<number>(classCount).fill(0);
	for (const unit of units) hoursOfClass[unit.classIndex] += unit.hours;
	hoursOfClass.forEach((hours, c) => {
		if (hours > DAYS * MAX_LESSONS) throw new Error(`class ${c} has ${hours} hours a week, more than fit`);
		const perDay = new Array<number>(DAYS).fill(Math.floor(hours / DAYS));
		for (let k = 0; k < hours % DAYS; k++) perDay[EXTRA_DAY_ORDER[k]]++;
		perDay.forEach((count, d) => {
			for (let n = 1; n <= count; n++) classSlots[c].push(d * WIDTH + n);
		});
	});

	const classGrid = Array.from({ length: classCount }, () => new Int32Array(DAYS * WIDTH).fill(-1));
	const busy = new Map<number, Uint8Array>();
	const teacherGrid = (t: number) => {
		let grid = busy.get(t);
		if (!grid) busy.set(t, (grid = new Uint8Array(DAYS * WIDTH)));
		return grid;
	};
	const load = new Map<number, number>();
	for (const unit of units) for (const t of unit.teachers) load.set(t, (load.get(t) ?? 0) + unit.hours);
	const placed: number[][] = units.map(() => []);
	let conflicts = 0;

	const free = (unit: TimetableUnit, slot: number) => unit.teachers.every((t) => teacherGrid(t)[slot] === 0);
	const put = (u: number, slot: number) => {
		classGrid[units[u].classIndex][slot] = u;
		for (const t of units[u].teachers) teacherGrid(t)[slot]++;
		placed[u].push(slot);
	};
	const take = (u: number, slot: number) => {
		classGrid[units[u].classIndex][slot] = -1;
		for (const t of units[u].teachers) teacherGrid(t)[slot]--;
		placed[u].splice(placed[u].indexOf(slot), 1);
	};
	const score = (u: number, slot: number) => {
		const unit = units[u];
		const day = Math.floor(slot / WIDTH);
		const n = slot % WIDTH;
		// The same subject twice a day only when it has more hours than days.
		let value = 20 * placed[u].filter((s) => Math.floor(s / WIDTH) === day).length;
		if (unit.hard && (n === 1 || n >= 6)) value += 2;
		// Teachers prefer lessons next to their other lessons over gaps in their day.
		for (const t of unit.teachers) {
			const grid = teacherGrid(t);
			if ((n > 1 && grid[slot - 1]) || (n < MAX_LESSONS && grid[slot + 1])) value -= 0.5;
		}
		return value + random.next();
	};

	// Hardest first: units needing two teachers at once, then those of the busiest teachers.
	const order = units
		.map((unit, u) => ({ u, key: unit.teachers.length * 100 + Math.max(...unit.teachers.map((t) => load.get(t)!)) + random.next() }))
		.sort((a, b) => b.key - a.key)
		.map(({ u }) => u);

	for (const u of order) {
		const unit = units[u];
		const grid = classGrid[unit.classIndex];
		for (let h = 0; h < unit.hours; h++) {
			const open = classSlots[unit.classIndex].filter((slot) => grid[slot] < 0);
			const candidates = open.filter((slot) => free(unit, slot));
			if (candidates.length > 0) {
				let bestSlot = candidates[0];
				let bestScore = Infinity;
				for (const slot of candidates) {
					const value = score(u, slot);
					if (value < bestScore) [bestSlot, bestScore] = [slot, value];
				}
				put(u, bestSlot);
				continue;
			}
			if (repair(u, open) || remoteRepair(u, open)) continue;
			// No way found: double-book the slot with the fewest busy teachers.
			const fallback = open.reduce((a, b) =>
				unit.teachers.filter((t) => teacherGrid(t)[b] > 0).length < unit.teachers.filter((t) => teacherGrid(t)[a] > 0).length ? b : a
			);
			conflicts++;
			put(u, fallback);
		}
	}
	spreadOut();
	let crowdedDays = 0;
	units.forEach((_, u) => {
		for (let day = 0; day < DAYS; day++) if (excess(u, day) > 0) crowdedDays++;
	});
	return { slots: toSlots(units, placed), conflicts, crowdedDays };

	/** Lessons of a unit on one day beyond its fair share (one a day up to five hours a week). */
	function excess(u: number, day: number): number {
		const onDay = placed[u].filter((s) => Math.floor(s / WIDTH) === day).length;
		return onDay - Math.ceil(units[u].hours / DAYS);
	}

	/**
	 * Repairs and late placements ignore the one-a-day rule; swap a second lesson of a day with
	 * a lesson of the same class on a day the subject does not have yet.
	 */
	function spreadOut(): void {
		for (let u = 0; u < units.length; u++) {
			for (let day = 0; day < DAYS; day++) {
				while (excess(u, day) > 0 && moveOneAway(u, day));
			}
		}
	}

	/** Swaps one lesson of `u` on `day` with another lesson of the class; false when none fits. */
	function moveOneAway(u: number, day: number): boolean {
		const grid = classGrid[units[u].classIndex];
		const from = placed[u].find((s) => Math.floor(s / WIDTH) === day)!;
		for (const slot of classSlots[units[u].classIndex]) {
			const otherDay = Math.floor(slot / WIDTH);
			const w = grid[slot];
			if (otherDay === day || w < 0 || w === u || excess(u, otherDay) >= 0) continue;
			take(u, from);
			take(w, slot);
			if (free(units[u], slot)) {
				put(u, slot);
				if (free(units[w], from) && excess(w, day) < 0) {
					put(w, from);
					return true;
				}
				take(u, slot);
			}
			put(w, slot);
			put(u, from);
		}
		return false;
	}

	/** Moves another unit of the class to an open slot to free a slot where our teachers can come. */
	function repair(u: number, open: number[]): boolean {
		const unit = units[u];
		const grid = classGrid[unit.classIndex];
		for (const slot of random.shuffle(classSlots[unit.classIndex])) {
			const other = grid[slot];
			if (other < 0 || other === u) continue;
			// Lift the other unit out first: it may share a teacher with ours.
			take(other, slot);
			const target = free(unit, slot) ? open.find((o) => free(units[other], o)) : undefined;
			if (target !== undefined) {
				put(other, target);
				put(u, slot);
				return true;
			}
			put(other, slot);
		}
		return false;
	}

	/**
	 * Frees one of our teachers at an open slot of our class by swapping the lesson that keeps
	 * them busy there with another lesson of that other class.
	 */
	function remoteRepair(u: number, open: number[]): boolean {
		const unit = units[u];
		for (const slot of random.shuffle(open)) {
			const blockers: number[] = [];
			for (let c = 0; c < classCount; c++) {
				const v = classGrid[c][slot];
				if (v >= 0 && units[v].teachers.some((t) => unit.teachers.includes(t))) blockers.push(v);
			}
			if (blockers.length !== 1) continue;
			const v = blockers[0];
			const other = units[v].classIndex;
			for (const target of random.shuffle(classSlots[other])) {
				if (target === slot) continue;
				const w = classGrid[other][target];
				take(v, slot);
				if (w >= 0) take(w, target);
				// Place step by step: w may share a teacher with us, v with w.
				if (free(units[v], target)) {
					put(v, target);
					if (w < 0 || free(units[w], slot)) {
						if (w >= 0) put(w, slot);
						if (free(unit, slot)) {
							put(u, slot);
							return true;
						}
						if (w >= 0) take(w, slot);
					}
					take(v, target);
				}
				if (w >= 0) put(w, target);
				put(v, slot);
			}
		}
		return false;
	}
}

function toSlots(units: readonly TimetableUnit[], placed: number[][]): PlacedSlot[] {
	const slots: PlacedSlot[] = [];
	units.forEach((unit, u) => {
		for (const slot of placed[u]) {
			for (const journal of unit.journals) {
				slots.push({ journal, weekday: Math.floor(slot / WIDTH) + 1, lessonNo: slot % WIDTH });
			}
		}
	});
	return slots.sort((a, b) => a.weekday - b.weekday || a.lessonNo - b.lessonNo || a.journal - b.journal);
}
