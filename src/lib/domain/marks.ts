/** Marks arithmetic shared by the server and the page (X-MARKS, R-2.5). */

/** A mark with the weight of its type of work. */
export interface WeightedMark {
	value: number;
	weight: number;
}

/** The weighted average of the marks, or null when there are none. */
export function weightedAverage(marks: readonly WeightedMark[]): number | null {
	let sum = 0;
	let weights = 0;
	for (const mark of marks) {
		sum += mark.value * mark.weight;
		weights += mark.weight;
	}
	return weights > 0 ? sum / weights : null;
}

/** An average as the journal shows it: two decimals with a comma (X-RU), or a dash. */
export function formatAverage(average: number | null): string {
	return average === null ? '—' : average.toFixed(2).replace('.', ',');
}
