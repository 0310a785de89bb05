import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appConfig, sql } from '$lib/server/context';
import { today } from '$lib/server/start';
import { parseId, requireApiActor } from '$lib/server/guard';
import { journalFor, jsonBody } from '$lib/server/journal/access';
import { journalForecasts, journalStanding } from '$lib/server/marks/standing';
import { setPeriodMark } from '$lib/server/marks/period-marks';
import { may } from '$lib/domain/policy';
import { allowedValues, periodColumnOf, sheetColumnOf, PERIOD_MARK_MESSAGES } from '$lib/domain/period-marks';

/**
 * The mark column of the live journal: for the current period of the class's
 * grade, `?period=<id>`, or any column of the marks sheet by `?column=p<id>|year|exam|final`, each
 * student's suggestion, its rule, the average and the mark set.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const actor = requireApiActor(locals);
	const db = await sql();
	const journal = await journalFor(db, actor, params.id, 'read');
	const asked = url.searchParams.get('period');
	const periodId = asked === null ? undefined : parseId(asked);
	if (asked !== null && periodId === undefined) error(404, PERIOD_MARK_MESSAGES.periodNotFound);
	const standing = await journalStanding(db, journal, today(appConfig()));
	const { sheet, rules, markFree } = standing;
	const column = url.searchParams.get('column');
	const view = column !== null ? sheetColumnOf(sheet, column || undefined) : periodColumnOf(sheet, periodId);
	if (!view) error(404, PERIOD_MARK_MESSAGES.periodNotFound);
	const canWrite = may(actor, 'write', { kind: 'journal', schoolId: journal.schoolId, journalId: journal.journalId, classId: journal.classId });
	// with `?column=`, a period under way also gets each student's forecast for its end.
	const shownPeriod = 'column' in view && view.column.kind === 'period' ? view.column.periodId : null;
	const forecasts = shownPeriod === null ? [] : await journalForecasts(db, journal, standing, shownPeriod, today(appConfig()));
	// too few marks, warned within two weeks of the period's deadline.
	const warnings = shownPeriod === null ? [] : sheet.warnings.filter((w) => w.periodId === shownPeriod);
	return json({ ...view, values: allowedValues(rules.scale, markFree), canWrite, ...(column !== null ? { forecasts, warnings } : {}) });
};

/**
 * Sets a student's mark: { studentId, kind?: 'period'|'year'|'exam'|'final' (default 'period'),
 * periodId (periods only), value, justification? } through the marks sheet's use case.
 */
export const PUT: RequestHandler = async ({ locals, params, request }) => {
	const actor = requireApiActor(locals);
	const db = await sql();
	const journal = await journalFor(db, actor, params.id, 'write');
	const body = await jsonBody(request);
	const text = (v: unknown) => (typeof v === 'number' ? String(v) : v);
	const value = text(body.value);
	const result = await setPeriodMark(
		db,
		actor,
		journal,
		{ studentId: text(body.studentId), kind: body.kind ?? 'period', periodId: text(body.periodId), value, justification: body.justification ?? '' },
		today(appConfig())
	);
	if (!result.ok) {
		if (result.status === 403) error(403, result.reason);
		const suggested = result.suggested ?? null;
		// the page asks for a justification and sends the mark again.
		const justificationRequired =
			suggested !== null && typeof value === 'string' && result.reason === PERIOD_MARK_MESSAGES.justificationRequired(value.trim(), suggested);
		return json({ message: result.reason, suggested, justificationRequired }, { status: 400 });
	}
	return json({ ok: true, changed: result.changed, message: result.message, mark: result.mark ?? null });
};

/** The same as PUT, for clients that only post. */
export const POST: RequestHandler = (event) => PUT(event);
