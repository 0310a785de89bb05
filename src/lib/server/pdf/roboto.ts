/**
 * pdfmake in Node with its own Roboto (which has Cyrillic; the standard PDF fonts do not),
 * registered once; a document may read only the font folder and download nothing.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import pdfmake from 'pdfmake';

const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')), 'fonts', 'Roboto');
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

/** pdfmake with Roboto registered: documents set `defaultStyle: { font: 'Roboto' }`. */
export { pdfmake };
