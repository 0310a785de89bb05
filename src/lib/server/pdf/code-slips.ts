/**
 * A class's activation codes on paper: A4 pages of slips, two across, with
 * dashed cutting lines; each slip names the school, the person (a parent with their children),
 * the code in large type, where to go to activate and until when it works. Roboto for Cyrillic.
 */
import type { DocumentDefinition } from 'pdfmake';
import { formatDate } from '../../domain/dates.ts';
import { pdfmake } from './roboto.ts';

/** What one slip shows (the shape `issueClassCodes` returns). */
export interface PrintedSlip {
	fullName: string;
	role: 'student' | 'parent';
	children: readonly string[];
	code: string;
	/** ISO moment; printed as the school's date. */
	expiresAt: string;
}

/** The printout: whose slips, and the address of the journal the slips send people to. */
export interface PrintedSlips {
	schoolName: string;
	className: string;
	/** The activation page's address, e.g. https://school.example/activate. */
	activateUrl: string;
	slips: readonly PrintedSlip[];
}

/** The PDF of the class's slips. */
export async function codeSlipsPdf(printout: PrintedSlips): Promise<Buffer> {
	return pdfmake.createPdf(slipsDefinition(printout)).getBuffer();
}

const CUT = {
	hLineWidth: () => 0.7,
	vLineWidth: () => 0.7,
	hLineColor: () => '#888888',
	vLineColor: () => '#888888',
	hLineStyle: () => ({ dash: { length: 4, space: 3 } }),
	vLineStyle: () => ({ dash: { length: 4, space: 3 } }),
	paddingTop: () => 10,
	paddingBottom: () => 10,
	paddingLeft: () => 10,
	paddingRight: () => 10
};

/** The pdfmake document of the slips. */
export function slipsDefinition(printout: PrintedSlips): DocumentDefinition {
	const cells: unknown[] = printout.slips.map((slip) => slipCell(printout, slip));
	if (cells.length % 2) cells.push({ text: '' });
	const rows: unknown[][] = [];
	for (let i = 0; i < cells.length; i += 2) rows.push([cells[i], cells[i + 1]]);
	return {
		pageSize: 'A4',
		pageMargins: [28, 36, 28, 28],
		info: { title: `Коды активации, ${printout.className} класс` },
		defaultStyle: { font: 'Roboto', fontSize: 9 },
		header: { text: `${printout.schoolName} · коды активации · ${printout.className} класс · разрежьте по пунктиру`, fontSize: 7, color: '#666666', margin: [28, 16, 28, 0] },
		content: [{ table: { widths: ['*', '*'], dontBreakRows: true, body: rows }, layout: CUT }]
	};
}

function slipCell(printout: PrintedSlips, slip: PrintedSlip) {
	const who = slip.role === 'student' ? `ученик(-ца) ${printout.className} класса` : `родитель: ${slip.children.join(', ')}`;
	return {
		stack: [
			{ text: printout.schoolName, fontSize: 8, color: '#555555' },
			{ text: 'Электронный дневник: код активации', bold: true, margin: [0, 2, 0, 4] },
			{ text: slip.fullName, bold: true, fontSize: 11 },
			{ text: who, fontSize: 8, margin: [0, 0, 0, 6] },
			{ text: slip.code, fontSize: 18, bold: true, characterSpacing: 1, margin: [0, 0, 0, 6] },
			{ text: ['Откройте ', { text: printout.activateUrl, bold: true }, ', введите код и придумайте логин и пароль.'] },
			{ text: `Код одноразовый, действует до ${formatDate(slip.expiresAt)}. Никому его не передавайте.`, fontSize: 8, margin: [0, 4, 0, 0] }
		]
	};
}

