/**
 * A person-readable name of the device a session was opened on, from the browser's User-Agent:
 * «Chrome · Android», «Safari · iPhone». The sessions list shows this; the full string stays in
 * the row's tooltip for whoever needs it.
 */

const SYSTEMS: Array<[RegExp, string]> = [
	[/iPhone/, 'iPhone'],
	[/iPad/, 'iPad'],
	[/Android/, 'Android'],
	[/Windows/, 'Windows'],
	[/Mac OS X|Macintosh/, 'macOS'],
	[/CrOS/, 'ChromeOS'],
	[/Linux/, 'Linux']
];

// Order matters: Edge, Opera and Yandex say «Chrome» too, and Chrome says «Safari».
const BROWSERS: Array<[RegExp, string]> = [
	[/YaBrowser\//, 'Яндекс Браузер'],
	[/Edg(A|iOS)?\//, 'Edge'],
	[/OPR\/|Opera/, 'Opera'],
	[/Firefox\/|FxiOS\//, 'Firefox'],
	[/HeadlessChrome\//, 'Chrome (без окна)'],
	[/Chrome\/|CriOS\//, 'Chrome'],
	[/Safari\//, 'Safari']
];

/** «Браузер · система», or what is known of it; «неизвестное устройство» when nothing is. */
export function deviceName(userAgent: string | null | undefined): string {
	if (!userAgent) return 'неизвестное устройство';
	const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
	const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
	const parts = [browser, system].filter((part): part is string => part !== undefined);
	return parts.length > 0 ? parts.join(' · ') : 'неизвестное устройство';
}
