/**
 * The journal's HTTP endpoints as the page uses them (lessons, history, attachments). Every call
 * answers a discriminated result; the server's Russian `{message}` is what the person reads.
 */

import type { LowMarksWarning, PeriodMarkKind, SheetColumnView } from '../domain/period-marks';

/** The answer of an endpoint: data, or the server's reason in Russian. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; message: string; status: number; body?: unknown };

/** Fields of a new lesson. */
export interface LessonInput {
	date: string;
	lessonNo?: number | null;
	topic?: string | null;
	workTypeId?: number | null;
	homework?: string | null;
}

/** One change of a cell, as the history endpoint reports it (texts as the grid shows cells). */
export interface HistoryEntry {
	at: string;
	who: string;
	old: string;
	new: string;
	source: string | null;
}

/** A file attached to a lesson. */
export interface Attachment {
	id: number;
	name: string;
	size: number | null;
	url: string;
}

async function call<T>(url: string, init: RequestInit = {}): Promise<ApiResult<T>> {
	let response: Response;
	try {
		response = await fetch(url, { ...init, headers: { accept: 'application/json', ...(init.headers ?? {}) } });
	} catch {
		return { ok: false, status: 0, message: 'Нет связи с сервером. Попробуйте ещё раз.' };
	}
	const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
	if (!response.ok) {
		const message = typeof (body as { message?: unknown } | null)?.message === 'string' ? (body as { message: string }).message : `Сервер ответил ошибкой ${response.status}.`;
		return { ok: false, status: response.status, message, body };
	}
	return { ok: true, data: body as T };
}

function json(method: string, body: unknown): RequestInit {
	return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

const base = (journalId: number) => `/api/journals/${journalId}`;

/** A column of the marks sheet for the live journal: suggestions, rules and marks set. */
export interface MarkColumn extends SheetColumnView {
	values: string[];
	canWrite: boolean;
	/** each student's forecast for the end of a period under way (empty otherwise). */
	forecasts: Array<{ studentId: number; expected: string; band: [number, number] | null; risks: string[]; advice: string | null }>;
	/** students with too few marks, within two weeks of the period's deadline. */
	warnings: LowMarksWarning[];
}

/** A period, year, exam or final mark to set; a justification is needed when it differs from the suggestion. */
export interface PeriodMarkInput {
	studentId: number;
	kind?: PeriodMarkKind;
	periodId: number | null;
	value: string;
	justification?: string;
}

/** One column of the journal's marks sheet: `p<periodId>`, `year`, `exam` or `final`; the current period without a key. */
export function markColumn(journalId: number, key?: string): Promise<ApiResult<MarkColumn>> {
	return call(`${base(journalId)}/period-marks?column=${encodeURIComponent(key ?? '')}`);
}

/** Sets a period mark; a refusal that needs a justification says so in `justificationRequired`. */
export async function setPeriodMark(
	journalId: number,
	input: PeriodMarkInput
): Promise<ApiResult<{ message: string }> | { ok: false; status: number; message: string; justificationRequired: true; suggested: string }> {
	const result = await call<{ message: string }>(`${base(journalId)}/period-marks`, json('PUT', input));
	if (result.ok) return result;
	const body = (result.body ?? {}) as { justificationRequired?: unknown; suggested?: unknown };
	if (body.justificationRequired === true && typeof body.suggested === 'string')
		return { ok: false, status: result.status, message: result.message, justificationRequired: true, suggested: body.suggested };
	return result;
}

/** Adds a lesson column; the server pushes it into the live document. */
export function createLesson(journalId: number, input: LessonInput): Promise<ApiResult<unknown>> {
	return call(`${base(journalId)}/lessons`, json('POST', input));
}

/** Changes a lesson (date, number, topic, type of work, homework). */
export function updateLesson(journalId: number, lessonId: number, patch: Partial<LessonInput>): Promise<ApiResult<unknown>> {
	return call(`${base(journalId)}/lessons/${lessonId}`, json('PATCH', patch));
}

/** Deletes a lesson column. */
export function deleteLesson(journalId: number, lessonId: number): Promise<ApiResult<unknown>> {
	return call(`${base(journalId)}/lessons/${lessonId}`, { method: 'DELETE' });
}

/** The history of one cell, latest change first. */
export async function cellHistory(journalId: number, lessonId: number, studentId: number): Promise<ApiResult<HistoryEntry[]>> {
	const result = await call<unknown>(`${base(journalId)}/history?lesson=${lessonId}&student=${studentId}`);
	if (!result.ok) return result;
	const rows = Array.isArray(result.data) ? result.data : [];
	// The endpoint lists oldest first; the panel shows the latest change on top.
	return { ok: true, data: rows.map(historyEntry).reverse() };
}

/** The files attached to a lesson. */
export async function listAttachments(journalId: number, lessonId: number): Promise<ApiResult<Attachment[]>> {
	const result = await call<unknown>(`${base(journalId)}/lessons/${lessonId}/attachments`);
	if (!result.ok) return result;
	const rows = Array.isArray(result.data) ? result.data : [];
	return { ok: true, data: rows.map((row) => attachment(journalId, lessonId, row as Record<string, unknown>)) };
}

/** Uploads one file to a lesson. */
export function uploadAttachment(journalId: number, lessonId: number, file: File): Promise<ApiResult<unknown>> {
	const form = new FormData();
	form.append('file', file);
	return call(`${base(journalId)}/lessons/${lessonId}/attachments`, { method: 'POST', body: form });
}

// The endpoint gives the cell as the grid shows it ("5/4 оп") and the value with its comment.
function withComment(text: unknown, value: unknown): string {
	const comment = (value as { comment?: unknown } | null)?.comment;
	return [typeof text === 'string' ? text : '', typeof comment === 'string' && comment ? `«${comment}»` : ''].filter(Boolean).join(' ');
}

function historyEntry(raw: unknown): HistoryEntry {
	const row = (raw ?? {}) as Record<string, unknown>;
	const who = row.actorName ?? row.who ?? '';
	return {
		at: String(row.at ?? ''),
		who: typeof who === 'string' ? who : '',
		old: withComment(row.oldText, row.old),
		new: withComment(row.newText, row.new),
		source: typeof row.source === 'string' ? row.source : null
	};
}

function attachment(journalId: number, lessonId: number, row: Record<string, unknown>): Attachment {
	const id = Number(row.id);
	return {
		id,
		name: String(row.fileName ?? 'файл'),
		size: typeof row.sizeBytes === 'number' ? row.sizeBytes : null,
		url: typeof row.url === 'string' ? row.url : `${base(journalId)}/lessons/${lessonId}/attachments/${id}`
	};
}
