/** Reading a PDF the server made back as text, as a person would copy it from the page. */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of every page of a PDF, one string per page, whitespace collapsed. */
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
	const pdf = await getDocument({ data: bytes, useSystemFonts: false, disableFontFace: true }).promise;
	const pages: string[] = [];
	for (let i = 1; i <= pdf.numPages; i++) {
		const content = await (await pdf.getPage(i)).getTextContent();
		pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\s+/g, ' '));
	}
	return pages;
}
