/**
 * A client that counts the statements it sends: wraps the driver's tagged template so every query
 * that is awaited adds one (fragments built with `sql\`…\`` and spliced into others are never
 * awaited on their own, so they do not count). For tests and benchmarks that keep the number of
 * round trips of a page constant.
 */
import type { Sql } from '../../src/lib/server/db/client';

/** The wrapped client and how many queries went through it so far. */
export interface CountingSql {
	sql: Sql;
	count(): number;
	reset(): void;
}

/** Wraps a client so that every awaited query is counted. */
export function countingSql(sql: Sql): CountingSql {
	let count = 0;
	const counted = <T extends object>(query: T): T => {
		const then = (query as { then?: (...args: unknown[]) => unknown }).then;
		if (typeof then === 'function')
			Object.defineProperty(query, 'then', {
				value(...args: unknown[]) {
					count++;
					return then.apply(this, args);
				}
			});
		return query;
	};
	const proxy = new Proxy(sql, {
		apply: (target, thisArg, args) => counted(Reflect.apply(target, thisArg, args)),
		get: (target, key, receiver) => {
			const value = Reflect.get(target, key, receiver);
			return key === 'unsafe' ? (...args: unknown[]) => counted((value as (...a: unknown[]) => object).apply(target, args)) : value;
		}
	});
	return { sql: proxy as Sql, count: () => count, reset: () => void (count = 0) };
}
