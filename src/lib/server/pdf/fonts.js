/**
 * pdfmake's own Roboto (which has Cyrillic; the standard PDF fonts do not), registered on a pdfmake
 * instance; a document may then read only the font folder and download nothing. Plain JavaScript:
 * the PDF thread (pdf-worker.js) loads it as it is, the server's bundle through roboto.ts.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

/** Where pdfmake keeps its Roboto. */
export const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')), 'fonts', 'Roboto');

/**
 * Registers Roboto and the access policies on `pdfmake`.
 * @param {{ addFonts(fonts: object): void; setLocalAccessPolicy(allow: (file: string) => boolean): void; setUrlAccessPolicy(allow: (url: string) => boolean): void }} pdfmake
 */
export function useRoboto(pdfmake) {
	pdfmake.addFonts({
		Roboto: {
			normal: path.join(fontDir, 'Roboto-Regular.ttf'),
			bold: path.join(fontDir, 'Roboto-Medium.ttf'),
			italics: path.join(fontDir, 'Roboto-Italic.ttf'),
			bolditalics: path.join(fontDir, 'Roboto-MediumItalic.ttf')
		}
	});
	pdfmake.setLocalAccessPolicy((file) => path.resolve(file).startsWith(fontDir + path.sep));
	pdfmake.setUrlAccessPolicy(() => false);
}
