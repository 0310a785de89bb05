/**
 * Categories of access: the optional rights a school grants or withholds per category
 * of user. The safety core stays fixed in `decide()` (only a journal's teachers write its marks,
 * families never write, nothing of another school is visible); these are the rights real schools
 * choose differently. The administrator holds every right; the school's choice is stored and
 * handed to the policy with the actor, so `decide()` stays pure.
 */
import type { Role } from './policy.ts';

/** An optional right a school grants or withholds per category of user. */
export type OptionalRight = 'read_audit' | 'read_class_journals' | 'write_to_families' | 'issue_class_codes' | 'write_to_teachers' | 'see_forecasts';

/** The categories of user the access page lists (the administrator holds every right). */
export const ACCESS_CATEGORIES = ['director', 'deputy', 'class_teacher', 'teacher', 'parent', 'student'] as const satisfies readonly Role[];
export type AccessCategory = (typeof ACCESS_CATEGORIES)[number];

/** One optional right: its Russian name, the categories it can be given to, and those that hold it by default. */
export interface RightSpec {
	right: OptionalRight;
	/** What the right lets a person do, as the access page says it. */
	name: string;
	/** The categories the right concerns; to others it means nothing. */
	categories: readonly AccessCategory[];
	/** The categories holding it when the school never chose. */
	byDefault: readonly AccessCategory[];
}

/** Every optional right, in the order the access page lists them. The defaults are what the product did before schools could choose. */
export const OPTIONAL_RIGHTS: readonly RightSpec[] = [
	{ right: 'read_audit', name: 'Просматривают журнал изменений школы', categories: ['director', 'deputy'], byDefault: ['director', 'deputy'] },
	{
		right: 'read_class_journals',
		name: 'Просматривают журналы других предметов в классах, где ведут уроки',
		categories: ['teacher'],
		byDefault: ['teacher']
	},
	{
		right: 'write_to_families',
		name: 'Первыми пишут ученикам и родителям классов, где ведут уроки (своему классу классный руководитель пишет всегда)',
		categories: ['teacher'],
		byDefault: ['teacher']
	},
	{
		right: 'issue_class_codes',
		name: 'Выдают коды активации и сбрасывают пароли ученикам и родителям своего класса',
		categories: ['class_teacher'],
		byDefault: ['class_teacher']
	},
	{
		right: 'write_to_teachers',
		name: 'Первыми пишут учителям-предметникам своего класса (классному руководителю и администрации — всегда)',
		categories: ['parent', 'student'],
		byDefault: ['parent', 'student']
	},
	{ right: 'see_forecasts', name: 'Видят в дневнике прогноз отметки за период', categories: ['parent', 'student'], byDefault: ['parent', 'student'] }
];

/** Every optional right's key. */
export const RIGHTS: readonly OptionalRight[] = OPTIONAL_RIGHTS.map((r) => r.right);

/** The school's choice: for each category, the optional rights it holds. */
export type AccessSettings = Readonly<Record<AccessCategory, readonly OptionalRight[]>>;

/** True when the value is an optional right's key. */
export function isOptionalRight(value: unknown): value is OptionalRight {
	return typeof value === 'string' && (RIGHTS as readonly string[]).includes(value);
}

/** True when the value is a category of the access page. */
export function isAccessCategory(value: unknown): value is AccessCategory {
	return typeof value === 'string' && (ACCESS_CATEGORIES as readonly string[]).includes(value);
}

/** The spec of a right. */
function specOf(right: OptionalRight): RightSpec {
	return OPTIONAL_RIGHTS.find((r) => r.right === right)!;
}

/** True when the right means something for the category (a cell of the access table with a checkbox). */
export function concerns(right: OptionalRight, category: AccessCategory): boolean {
	return specOf(right).categories.includes(category);
}

/** The rights of a school that never chose. */
export const DEFAULT_ACCESS: AccessSettings = Object.fromEntries(
	ACCESS_CATEGORIES.map((category) => [category, RIGHTS.filter((right) => specOf(right).byDefault.includes(category))])
) as unknown as AccessSettings;

/** A stored choice of one cell: the category, the right, granted or withheld. */
export interface AccessChoice {
	category: string;
	right: string;
	granted: boolean;
}

/** The school's settings from its stored choices over the defaults; choices of unknown or meaningless cells are ignored. */
export function accessFromChoices(choices: readonly AccessChoice[]): AccessSettings {
	const held = new Map(ACCESS_CATEGORIES.map((c) => [c, new Set<OptionalRight>(DEFAULT_ACCESS[c])]));
	for (const choice of choices) {
		if (!isAccessCategory(choice.category) || !isOptionalRight(choice.right) || !concerns(choice.right, choice.category)) continue;
		if (choice.granted) held.get(choice.category)!.add(choice.right);
		else held.get(choice.category)!.delete(choice.right);
	}
	return Object.fromEntries(ACCESS_CATEGORIES.map((c) => [c, RIGHTS.filter((r) => held.get(c)!.has(r))])) as unknown as AccessSettings;
}

/** Every cell of the table as a choice (what the page saves), in the page's order. */
export function choicesOf(settings: AccessSettings): AccessChoice[] {
	return OPTIONAL_RIGHTS.flatMap((spec) => spec.categories.map((category) => ({ category, right: spec.right, granted: settings[category].includes(spec.right) })));
}

/**
 * The settings the access page's form asks for: the checked boxes as `category:right` values.
 * Cells that mean nothing (a forecast for a director) or unknown values are refused.
 */
export function checkAccessForm(checked: readonly unknown[]): { ok: true; value: AccessSettings } | { ok: false; reason: string } {
	const choices: AccessChoice[] = [];
	for (const value of checked) {
		const [category, right] = typeof value === 'string' ? value.split(':') : [];
		if (!isAccessCategory(category) || !isOptionalRight(right) || !concerns(right, category)) return { ok: false, reason: ACCESS_MESSAGES.unknown };
		choices.push({ category, right, granted: true });
	}
	// Unchecked boxes withhold: every meaningful cell not checked is a «no».
	const granted = new Set(choices.map((c) => `${c.category}:${c.right}`));
	const all = OPTIONAL_RIGHTS.flatMap((spec) => spec.categories.map((category) => ({ category, right: spec.right, granted: granted.has(`${category}:${spec.right}`) })));
	return { ok: true, value: accessFromChoices(all) };
}

/** What the access page says (X-RU). */
export const ACCESS_MESSAGES = {
	unknown: 'В форме прав есть неизвестное право или категория: обновите страницу и отметьте права заново.',
	saved: 'Права категорий пользователей сохранены.',
	unchanged: 'Права не изменились.'
} as const;

/**
 * True when the actor holds the right through one of their categories. The administrator holds
 * every right; a person of several categories holds what any of them grants. Without the school's
 * settings (a unit test, a script) the defaults apply.
 */
export function holds(actor: { roles: readonly Role[]; access?: AccessSettings }, right: OptionalRight): boolean {
	if (actor.roles.includes('admin')) return true;
	const settings = actor.access ?? DEFAULT_ACCESS;
	return actor.roles.some((role) => isAccessCategory(role) && concerns(right, role) && settings[role].includes(right));
}
