/** Database ids as they arrive from outside (route parameters, form fields, JSON). */

/** A positive 32-bit id from a string or a number, or undefined for anything else. */
export function parseId(raw: unknown): number | undefined {
	const text = typeof raw === 'number' ? String(raw) : raw;
	if (typeof text !== 'string' || !/^[1-9]\d{0,9}$/.test(text)) return undefined;
	const id = Number(text);
	return id <= 2_147_483_647 ? id : undefined;
}
