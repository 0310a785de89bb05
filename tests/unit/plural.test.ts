import { describe, expect, test } from 'vitest';
import { pendingEditsText, pluralRu } from '../../src/lib/domain/plural';

describe('X-RU Russian plural forms', () => {
	const forms = ['оценка', 'оценки', 'оценок'] as const;
	test.each([
		[0, 'оценок'],
		[1, 'оценка'],
		[2, 'оценки'],
		[4, 'оценки'],
		[5, 'оценок'],
		[11, 'оценок'],
		[12, 'оценок'],
		[14, 'оценок'],
		[21, 'оценка'],
		[22, 'оценки'],
		[25, 'оценок'],
		[101, 'оценка'],
		[111, 'оценок']
	])('%i takes «%s»', (n, form) => {
		expect(pluralRu(n, forms)).toBe(form);
	});

	test.each([
		[1, '1 изменение ждёт отправки'],
		[2, '2 изменения ждут отправки'],
		[5, '5 изменений ждут отправки'],
		[21, '21 изменение ждёт отправки']
	])('%i pending edits read «%s»', (n, text) => {
		expect(pendingEditsText(n)).toBe(text);
	});
});
