/**
 * A small seeded pseudo-random generator for the demo school. Math.random is never used: the
 * same seed must give the same school, so a bug seen in a demo can be reproduced byte for byte.
 */

/** A deterministic stream of random choices. */
export interface Random {
	/** Uniform in [0, 1). */
	next(): number;
	/** Integer in [min, max], both inclusive. */
	int(min: number, max: number): number;
	/** True with probability p. */
	chance(p: number): boolean;
	/** One element of a non-empty list. */
	pick<T>(items: readonly T[]): T;
	/** One element, chosen with the given non-negative weights. */
	weighted<T>(items: readonly (readonly [T, number])[]): T;
	/** Standard normal deviate (mean 0, deviation 1). */
	normal(): number;
	/** A new list in random order (the input stays as it is). */
	shuffle<T>(items: readonly T[]): T[];
	/** An independent stream derived from this one and a label, so adding draws in one part of
	 * the generator does not reshuffle every other part. */
	fork(label: string): Random;
}

/** mulberry32: 32-bit state, good enough statistics for test data, and tiny. */
export function createRandom(seed: number): Random {
	let state = seed >>> 0;
	const next = (): number => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const random: Random = {
		next,
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		chance: (p) => next() < p,
		pick: (items) => items[Math.floor(next() * items.length)],
		weighted: (items) => {
			const total = items.reduce((sum, [, weight]) => sum + weight, 0);
			let left = next() * total;
			for (const [item, weight] of items) {
				left -= weight;
				if (left < 0) return item;
			}
			return items[items.length - 1][0];
		},
		normal: () => {
			// Box–Muller; 1 - next() keeps the logarithm away from zero.
			const u = 1 - next();
			const v = next();
			return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
		},
		shuffle: (items) => {
			const copy = items.slice();
			for (let i = copy.length - 1; i > 0; i--) {
				const j = Math.floor(next() * (i + 1));
				[copy[i], copy[j]] = [copy[j], copy[i]];
			}
			return copy;
		},
		fork: (label) => createRandom(hashString(label) ^ Math.floor(next() * 4294967296))
	};
	return random;
}

/** FNV-1a of a string, used to derive stream seeds from labels. */
function hashString(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}
