import { describe, expect, test } from 'vitest';
import { readTable, tableFile } from '../../src/lib/server/import-file';
import { checkPlan, planRowsOf, planTable, planTemplate } from '../../src/lib/domain/plan';

const YEAR = { startsOn: '2026-09-01', endsOn: '2027-05-31' };
const WORK_TYPES = [{ id: 2, code: 'test', name: 'Контрольная работа' }];

/** Windows-1251 bytes of a text (Cyrillic and ASCII), as Excel on Windows saves a CSV. */
function cp1251(text: string): Uint8Array {
	const decoder = new TextDecoder('windows-1251');
	const table = new Map<string, number>();
	for (let b = 0x80; b <= 0xff; b++) table.set(decoder.decode(new Uint8Array([b])), b);
	return new Uint8Array([...text].map((ch) => (ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : (table.get(ch) ?? 0x3f))));
}

describe('R-4.4.4 plan files: the template and a download read back as the same plan', () => {
	test.each(['xlsx', 'csv'] as const)('the template as %s reads back as its two example topics', async (format) => {
		const table = await readTable(await tableFile(planTemplate(), 'План', format));
		const rows = planRowsOf(table!);
		expect(rows.ok).toBe(true);
		if (!rows.ok) return;
		expect(checkPlan(rows.value.rows, { year: YEAR, workTypes: WORK_TYPES }, rows.value.lines)).toEqual({
			ok: true,
			value: [
				{ position: 1, topic: 'Натуральные числа и шкалы', hours: 2, workTypeId: null, homework: '§ 1, № 5, 7', plannedOn: '2026-09-01' },
				{ position: 2, topic: 'Контрольная работа № 1', hours: 1, workTypeId: 2, homework: null, plannedOn: '2026-09-08' }
			]
		});
	});

	test('a plan downloaded as XLSX reads back unchanged', async () => {
		const plan = [{ position: 1, topic: 'Дроби', hours: 3, workTypeId: 2, homework: '§ 4', plannedOn: '2026-10-05' }];
		const table = await readTable(await tableFile(planTable(plan, WORK_TYPES), 'План', 'xlsx'));
		const rows = planRowsOf(table!);
		expect(rows.ok && checkPlan(rows.value.rows, { year: YEAR, workTypes: WORK_TYPES })).toEqual({ ok: true, value: plan });
	});

	test('a CSV in Windows-1251 with «;» from a school’s planning document', async () => {
		const table = await readTable(cp1251('КТП по истории, 7 класс;;\r\n№;Тема урока;Кол-во часов\r\n1;Введение;1\r\n2;Древний Египет;2\r\n'));
		const rows = planRowsOf(table!);
		expect(rows.ok && checkPlan(rows.value.rows, { year: YEAR, workTypes: [] }).ok && rows.value.rows.map((r) => [r.topic, r.hours])).toEqual([
			['Введение', '1'],
			['Древний Египет', '2']
		]);
	});
});
