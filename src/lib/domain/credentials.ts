/** Rules for logins, passwords and activation codes: pure checks shared by forms and server. */

/** Allowed login: 3–64 of a–z, 0–9, dot, dash, underscore (stored lower-case). */
export const LOGIN_PATTERN = /^[a-z0-9._-]{3,64}$/;

/** Normalises a typed login: trimmed, lower-case. */
export function normalizeLogin(input: string): string {
	return input.trim().toLowerCase();
}

/** Problems with a new password, or null when acceptable. */
export function passwordProblem(password: string, repeat?: string): 'short' | 'long' | 'mismatch' | null {
	if (password.length < 8) return 'short';
	if (password.length > 200) return 'long';
	if (repeat !== undefined && password !== repeat) return 'mismatch';
	return null;
}

/** Alphabet of activation codes: no 0/O, 1/I/L, so a printed code is read back without doubt. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** Characters in an activation code (31^10 ≈ 2^49.5 possibilities). */
export const CODE_LENGTH = 10;

/** A typed code as stored: upper-case, with spaces and dashes removed. */
export function normalizeCode(input: string): string {
	return input.toUpperCase().replace(/[\s-]+/g, '');
}

/** Formats a code for print: XXXXX-XXXXX. */
export function formatCode(code: string): string {
	return `${code.slice(0, 5)}-${code.slice(5)}`;
}
