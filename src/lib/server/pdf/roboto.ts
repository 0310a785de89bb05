/**
 * pdfmake in Node with its own Roboto (which has Cyrillic; the standard PDF fonts do not),
 * registered once (`useRoboto`, shared with the PDF thread); a document may read only the font
 * folder and download nothing.
 */
import pdfmake from 'pdfmake';
import { useRoboto } from './fonts.js';

useRoboto(pdfmake);

/** pdfmake with Roboto registered: documents set `defaultStyle: { font: 'Roboto' }`. */
export { pdfmake };
