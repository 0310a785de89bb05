/**
 * the bytes of each kind of file a teacher may attach are recognised as that kind by the
 * sniffer the upload uses, and what must be refused is refused whatever its name.
 */
import { describe, expect, test } from 'vitest';
import { detectFileType, downloadHeaders } from '../../src/lib/server/files';
import { attachmentType } from '../../src/lib/domain/journal-rules';
import { SAMPLES } from '../helpers/sample-files';

describe('R-4.4.1 an attachment is typed by its bytes', () => {
	const cases: Array<[sample: keyof typeof SAMPLES, fileName: string, stored: string | undefined]> = [
		['pdf', 'Памятка.pdf', 'application/pdf'],
		['docx', 'Задание.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
		['xlsx', 'Таблица.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
		['pptx', 'Слайды.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
		['odt', 'Задание.odt', 'application/vnd.oasis.opendocument.text'],
		['ods', 'Таблица.ods', 'application/vnd.oasis.opendocument.spreadsheet'],
		['odp', 'Слайды.odp', 'application/vnd.oasis.opendocument.presentation'],
		['doc', 'Старое.doc', 'application/msword'],
		['doc', 'Старое.xls', 'application/vnd.ms-excel'],
		['doc', 'Старое.ppt', 'application/vnd.ms-powerpoint'],
		['rtf', 'Задание.rtf', 'application/rtf'],
		['txt', 'Задание.txt', 'text/plain'],
		['csv', 'Список.csv', 'text/csv'],
		['png', 'Схема.png', 'image/png'],
		['jpg', 'Фото.jpg', 'image/jpeg'],
		['gif', 'Анимация.gif', 'image/gif'],
		['webp', 'Картинка.webp', 'image/webp'],
		['mp3', 'Диктант.mp3', 'audio/mpeg'],
		['ogg', 'Диктант.ogg', 'audio/ogg'],
		['m4a', 'Диктант.m4a', 'audio/mp4'],
		['wav', 'Диктант.wav', 'audio/wav'],
		['mp4', 'Урок.mp4', 'video/mp4'],
		['webm', 'Урок.webm', 'video/webm'],
		// A real PDF named as audio is stored as the PDF it is.
		['pdf', 'Диктант.mp3', 'application/pdf'],
		// Refused whatever they are called.
		['js', 'Диктант.mp3', undefined],
		['js', 'script.js', undefined],
		['html', 'page.html', undefined],
		['svg', 'image.svg', undefined],
		['exe', 'Диктант.mp3', undefined],
		['zip', 'Архив.zip', undefined],
		['utf16', 'Задание.txt', undefined]
	];
	for (const [sample, fileName, stored] of cases) {
		test(`${sample} bytes named «${fileName}»: ${stored ?? 'refused'}`, async () => {
			const bytes = SAMPLES[sample];
			expect(attachmentType(await detectFileType(bytes), fileName, bytes)).toBe(stored);
		});
	}
});

describe('R-4.4.1 a download is never shown or run on our origin', () => {
	test('stored type, attachment, nosniff, a sandboxing CSP, no caching', () => {
		expect(downloadHeaders({ fileName: 'Диктант «1».mp3', mimeType: 'audio/mpeg', sizeBytes: 417 })).toEqual({
			'content-type': 'audio/mpeg',
			'content-length': '417',
			'content-disposition': `attachment; filename="_______ _1_.mp3"; filename*=UTF-8''${encodeURIComponent('Диктант «1».mp3')}`,
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'; sandbox",
			'cache-control': 'private, no-store'
		});
	});

	test('a type stored from an old, unchecked upload is sent as opaque bytes', () => {
		expect(downloadHeaders({ fileName: 'x.mp3', mimeType: 'audio/x, text/javascript', sizeBytes: 1 })['content-type']).toBe('application/octet-stream');
	});
});
