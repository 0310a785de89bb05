/**
 * The two keyboard layouts of a Russian school computer, key by key: ЙЦУКЕН and QWERTY. A teacher
 * who forgot to switch the layout types `y` meaning «н», `,` meaning «б», `eg` meaning «уп»; the
 * cell parser reads such text as if typed on the other layout (X-MARKS).
 */

// The same keys on both layouts, in order: the letter rows and the punctuation keys that hold
// Russian letters. Digits, spaces and `/` are left alone: they mean the same in both.
const LATIN = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.";
const CYRILLIC = 'ёйцукенгшщзхъфывапролджэячсмитьбю';

const toCyrillic = new Map<string, string>([...LATIN].map((key, i) => [key, CYRILLIC[i]]));
const toLatin = new Map<string, string>([...CYRILLIC].map((key, i) => [key, LATIN[i]]));

function retype(text: string, keys: ReadonlyMap<string, string>): string {
	return Array.from(text.toLowerCase(), (char) => keys.get(char) ?? char).join('');
}

/** The text as the same keys give it on the Russian layout: `y` → «н», `eg` → «уп», `,` → «б»; lower case. */
export function inCyrillicLayout(text: string): string {
	return retype(text, toCyrillic);
}

/** The text as the same keys give it on the Latin layout: «н» → `y`, «уп» → `eg`; lower case. */
export function inLatinLayout(text: string): string {
	return retype(text, toLatin);
}
