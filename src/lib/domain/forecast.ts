/**
 * Forecasts: the expected period mark at the period's end with an honest uncertainty,
 * the risks, and what a student needs for the next mark up. The model is small and explainable:
 * the student's marks so far, shrunk towards a prior for few marks, and as many further marks as
 * the pace so far promises by the period's end; the final average is treated as normal.
 */
import { pluralRu } from './plural.ts';
import { DEFAULT_GRADING, roundAverage, weightedAverageOf, type GradedMark, type GradingRules } from './grading.ts';

/** What a forecast is made from. */
export interface ForecastInput {
	marks: readonly GradedMark[];
	/** Fraction of the period already gone, 0…1 (by school days or calendar days). */
	elapsed: number;
	/** The student's typical level (e.g. their average over all subjects); 3.8 when unknown. */
	prior?: number;
}

/** The forecast for one student in one subject. */
export interface Forecast {
	/** The most likely period mark, or 'н/а' when too few marks are expected. */
	expected: string;
	/** Probability of each mark of the scale at the period's end. */
	distribution: Record<string, number>;
	/** The expected final average and a 90 % band around it. */
	average: number | null;
	band: [number, number] | null;
	/** Russian risk labels: «не хватает оценок», «риск 2». */
	risks: string[];
	/** What would lift the mark one step, in Russian, or null. */
	advice: string | null;
}

const PRIOR_STRENGTH = 2;
const PRIOR_VARIANCE = 0.6;

/** Standard normal cumulative distribution (Abramowitz–Stegun 7.1.26, error < 1e-7). */
export function normalCdf(z: number): number {
	const t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.SQRT2);
	const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
	const erf = 1 - poly * Math.exp(-(z * z) / 2);
	return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * The share of the period gone by today: the forecast's clock; the whole year (1) without a
 * period. Not clamped here: before the period it is below 0, after it above 1 (the forecast clamps).
 */
export function periodElapsed(period: { startsOn: string; endsOn: string } | undefined, today: string): number {
	if (!period) return 1;
	return (Date.parse(today) - Date.parse(period.startsOn)) / (Date.parse(period.endsOn) - Date.parse(period.startsOn));
}

/** Forecasts the period mark. */
export function forecastPeriodMark(input: ForecastInput, rules: GradingRules = DEFAULT_GRADING): Forecast {
	const { marks } = input;
	const elapsed = Math.min(1, Math.max(0.05, input.elapsed));
	const n = marks.length;
	// The pace so far predicts how many more marks come; with none yet, assume the minimum will.
	const expectedMore = n > 0 ? Math.round((n / elapsed) * (1 - elapsed)) : Math.round(rules.minMarks * (1 - elapsed));
	const risks: string[] = [];
	if (n + expectedMore < rules.minMarks) risks.push('не хватает оценок');

	const weights = marks.reduce((sum, mark) => sum + mark.weight, 0);
	const sum = marks.reduce((total, mark) => total + mark.value * mark.weight, 0);
	const meanWeight = n ? weights / n : 1;
	const prior = input.prior ?? 3.8;
	const level = (sum + prior * PRIOR_STRENGTH) / (weights + PRIOR_STRENGTH);
	const current = weightedAverageOf(marks);
	const spread = n > 1 ? marks.reduce((s, m) => s + (m.value - (current ?? level)) ** 2, 0) / (n - 1) : PRIOR_VARIANCE;
	const variance = (spread * n + PRIOR_VARIANCE * PRIOR_STRENGTH) / (n + PRIOR_STRENGTH);

	const futureWeight = meanWeight * expectedMore;
	const totalWeight = weights + futureWeight;
	if (totalWeight === 0) {
		return { expected: 'н/а', distribution: {}, average: null, band: null, risks, advice: null };
	}
	const mean = (sum + futureWeight * level) / totalWeight;
	// Uncertainty of the future marks' mean: their own spread plus how little we know the level.
	const futureVariance = expectedMore > 0 ? variance / expectedMore + variance / (n + PRIOR_STRENGTH) : 0;
	const sd = (futureWeight / totalWeight) * Math.sqrt(futureVariance);

	const distribution = markDistribution(mean, sd, rules);
	const likeliest = Object.entries(distribution).sort((a, b) => b[1] - a[1])[0][0];
	const failing = String(rules.scale.min);
	if ((distribution[failing] ?? 0) >= 0.2) risks.push(`риск ${failing}`);
	const expected = risks.includes('не хватает оценок') ? 'н/а' : likeliest;
	return {
		expected,
		distribution,
		average: mean,
		band: [Math.max(rules.scale.min, mean - 1.645 * sd), Math.min(rules.scale.max, mean + 1.645 * sd)],
		risks,
		advice: adviceFor(marks, rules)
	};
}

/**
 * a student's forecast in one subject — their marks in it this period, shrunk towards their
 * level across all subjects this period (the prior), by the school's rules.
 */
export function studentForecast(subjectMarks: readonly GradedMark[], allMarks: readonly GradedMark[], elapsed: number, rules: GradingRules): Forecast {
	const prior = weightedAverageOf(allMarks) ?? undefined;
	return forecastPeriodMark({ marks: subjectMarks, elapsed, prior }, rules);
}

function markDistribution(mean: number, sd: number, rules: GradingRules): Record<string, number> {
	const result: Record<string, number> = {};
	// Thresholds from the top: mark t.mark for averages in [t.from, upper).
	let upper = Infinity;
	for (const threshold of rules.thresholds) {
		result[String(threshold.mark)] = probabilityBetween(mean, sd, threshold.from - 0.005, upper);
		upper = threshold.from - 0.005;
	}
	result[String(rules.scale.min)] = probabilityBetween(mean, sd, -Infinity, upper);
	return result;
}

function probabilityBetween(mean: number, sd: number, low: number, high: number): number {
	if (sd === 0) return mean >= low && mean < high ? 1 : 0;
	const cdf = (x: number) => (x === Infinity ? 1 : x === -Infinity ? 0 : normalCdf((x - mean) / sd));
	return cdf(high) - cdf(low);
}

const FIVES = ['пятёрка', 'пятёрки', 'пятёрок'] as const;
const NUMBER_WORDS = ['', 'одна', 'две', 'три', 'четыре'];

/** "What do I need": how many top marks for an answer in class (weight 1) lift the mark one step. */
export function adviceFor(marks: readonly GradedMark[], rules: GradingRules = DEFAULT_GRADING): string | null {
	const current = weightedAverageOf(marks);
	if (current === null) return null;
	const now = roundAverage(current, rules);
	const next = rules.thresholds.filter((t) => t.mark > now).sort((a, b) => a.mark - b.mark)[0];
	if (!next) return null;
	const top = rules.scale.max;
	const weights = marks.reduce((s, m) => s + m.weight, 0);
	const sum = marks.reduce((s, m) => s + m.value * m.weight, 0);
	// (sum + top·x) / (weights + x) ≥ from  ⇔  x ≥ (from·weights − sum) / (top − from)
	const needed = Math.max(1, Math.ceil((next.from * weights - sum) / (top - next.from) - 1e-9));
	const count = needed < NUMBER_WORDS.length ? NUMBER_WORDS[needed] : String(needed);
	const form = pluralRu(needed, FIVES);
	const verb = pluralRu(needed, ['поднимет', 'поднимут', 'поднимут']);
	return `${count[0].toUpperCase()}${count.slice(1)} ${form} за ответ на уроке ${verb} до ${next.mark}.`;
}

/** A class's expected picture: distribution of expected marks, quality and success rates. */
export function classForecast(forecasts: readonly Forecast[], rules: GradingRules = DEFAULT_GRADING) {
	const counts: Record<string, number> = {};
	for (const forecast of forecasts) counts[forecast.expected] = (counts[forecast.expected] ?? 0) + 1;
	const total = forecasts.length;
	const good = forecasts.filter((f) => /^\d+$/.test(f.expected) && Number(f.expected) >= rules.scale.max - 1).length;
	const passing = forecasts.filter((f) => /^\d+$/.test(f.expected) && Number(f.expected) > rules.scale.min).length;
	return {
		counts,
		/** Доля «4» и «5» (качество знаний). */
		quality: total ? good / total : 0,
		/** Доля без «2» и «н/а» (успеваемость). */
		success: total ? passing / total : 0
	};
}
