// The part of pdfmake 0.3's Node entry we use (the package ships no types; @types/pdfmake describes 0.2).
declare module 'pdfmake' {
	/** A pdfmake document definition (content, styles, page size…); see pdfmake's documentation. */
	export type DocumentDefinition = Record<string, unknown>;
	interface OutputDocument {
		/** The finished PDF. */
		getBuffer(): Promise<Buffer>;
	}
	interface PdfMake {
		/** Registers font families: family → { normal, bold, italics, bolditalics } file paths. */
		addFonts(fonts: Record<string, Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>>): void;
		/** Which local files a document may read (fonts, images). */
		setLocalAccessPolicy(allow: (path: string) => boolean): void;
		/** Which URLs a document may download. */
		setUrlAccessPolicy(allow: (url: string) => boolean): void;
		createPdf(definition: DocumentDefinition): OutputDocument;
	}
	const pdfmake: PdfMake;
	export default pdfmake;
}
