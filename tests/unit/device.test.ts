import { describe, expect, it } from 'vitest';
import { deviceName } from '$lib/domain/device';

describe('R-3.2 the sessions list names the device a session was opened on', () => {
	it.each([
		['Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', 'Chrome · Android'],
		['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'Safari · iPhone'],
		['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0', 'Edge · Windows'],
		['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 YaBrowser/24.10.0.0 Safari/537.36', 'Яндекс Браузер · Windows'],
		['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox · Linux'],
		['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', 'Safari · macOS'],
		['curl/8.5.0', 'неизвестное устройство']
	])('%s → %s', (userAgent, expected) => {
		expect(deviceName(userAgent)).toBe(expected);
	});

	it('says so when the browser sent nothing', () => {
		expect(deviceName(null)).toBe('неизвестное устройство');
		expect(deviceName('')).toBe('неизвестное устройство');
	});
});
