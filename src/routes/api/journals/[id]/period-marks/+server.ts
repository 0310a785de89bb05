import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireApiActor } from '$lib/server/guard';
import { jsonBody, unwrap } from '$lib/server/http';
import { markColumn } from '$lib/server/queries/journal';
import { setPeriodMark } from '$lib/server/commands/period-marks';
import { httpStatusOf } from '$lib/server/commands/outcome';

/**
 * The mark column of the live journal: for the current period of the class's
 * grade, `?period=<id>`, or any column of the marks sheet by `?column=p<id>|year|exam|final`, each
 * student's suggestion, its rule, the average and the mark set.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const actor = requireApiActor(locals);
	const input = { journalId: params.id, period: url.searchParams.get('period'), column: url.searchParams.get('column') };
	return json(unwrap(await markColumn(await requestContext(), actor, input)));
};

/**
 * Sets a student's mark: { studentId, kind?: 'period'|'year'|'exam'|'final' (default 'period'),
 * periodId (periods only), value, justification? } through the marks sheet's command.
 */
export const PUT: RequestHandler = async ({ locals, params, request }) => {
	const actor = requireApiActor(locals);
	const ctx = await requestContext();
	const body = await jsonBody(request);
	const text = (v: unknown) => (typeof v === 'number' ? String(v) : v);
	const outcome = await setPeriodMark(ctx, actor, {
		journalId: params.id,
		studentId: text(body.studentId),
		kind: body.kind ?? 'period',
		periodId: text(body.periodId),
		value: text(body.value),
		justification: body.justification ?? ''
	});
	if (outcome.ok) return json({ ok: true, changed: outcome.value.changed, message: outcome.value.message, mark: outcome.value.mark ?? null });
	if (outcome.code === 'forbidden' || outcome.code === 'not_found' || outcome.code === 'unauthenticated') error(httpStatusOf(outcome.code), outcome.message);
	// the page asks for a justification and sends the mark again.
	return json(
		{ message: outcome.message, suggested: outcome.suggested ?? null, justificationRequired: outcome.code === 'justification_required' },
		{ status: 400 }
	);
};

/** The same as PUT, for clients that only post. */
export const POST: RequestHandler = (event) => PUT(event);
