import { describe, expect, test } from 'vitest';
import { safeNext } from '../../src/lib/server/request';

describe('R-3.2 after sign-in the browser goes only to a path of this site', () => {
	test.each([
		['/', '/'],
		['/journal/5', '/journal/5'],
		['/journal/5?period=2#row-7', '/journal/5?period=2#row-7'],
		['/diary/../account', '/account'],
		['/a b', '/a%20b']
	])('%j is kept as %j', (next, path) => {
		expect(safeNext(next)).toBe(path);
	});

	test.each([
		[null],
		[''],
		['journal'],
		['//evil.example'],
		['/\\evil.example'],
		['\\\\evil.example'],
		['/\t/evil.example'],
		['/\n/evil.example'],
		['/\r/evil.example'],
		['/\r\n/evil.example'],
		['/.//evil.example'],
		['/a/..//evil.example'],
		['https://evil.example/'],
		['http://zhurnal.invalid/account'],
		['javascript:alert(1)']
	])('%j becomes /', (next) => {
		expect(safeNext(next)).toBe('/');
	});
});
