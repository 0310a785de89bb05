/** Marks arithmetic shared by the server and the page (X-MARKS, R-2.5). */

/** A mark with the weight of its type of work. */
export interface WeightedMark {
	value: number;
	weight: number;
	/** What the mark counts in averages when it carries a plus or a minus («5−»: 4.75); `value` otherwise. */
	worth?: number;
}

/** What a mark with a plus (sign 1) or a minus (−1) counts in averages, by the school's weight of a sign. */
export function markWorth(value: number, sign: number, signWorth: number): number {
	return value + sign * signWorth;
}

/** The weighted average of the marks, or null when there are none. */
export function weightedAverage(marks: readonly WeightedMark[]): number | null {
	let sum = 0;
	let weights = 0;
	for (const mark of marks) {
		sum += (mark.worth ?? mark.value) * mark.weight;
		weights += mark.weight;
	}
	return weights > 0 ? sum / weights : null;
}

/** An average as the journal shows it: two decimals with a comma (X-RU), or a dash. */
export function formatAverage(average: number | null): string {
	return average === null ? '—' : average.toFixed(2).replace('.', ',');
}
