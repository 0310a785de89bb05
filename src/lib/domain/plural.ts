/** Russian plural forms for counts in user-facing strings (X-RU). */

/** The three Russian forms of a noun or phrase: for 1 (21, 31…), for 2–4 (22–24…), for 5–20 and 0. */
export type PluralForms = readonly [one: string, few: string, many: string];

/** Picks the Russian plural form for a whole number n. */
export function pluralRu(n: number, forms: PluralForms): string {
	const abs = Math.abs(Math.trunc(n));
	const lastTwo = abs % 100;
	const last = abs % 10;
	if (lastTwo >= 11 && lastTwo <= 14) return forms[2];
	if (last === 1) return forms[0];
	if (last >= 2 && last <= 4) return forms[1];
	return forms[2];
}

/** "1 изменение ждёт отправки", "2 изменения ждут отправки", "5 изменений ждут отправки". */
export function pendingEditsText(n: number): string {
	return `${n} ${pluralRu(n, ['изменение ждёт', 'изменения ждут', 'изменений ждут'])} отправки`;
}
