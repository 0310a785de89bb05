/**
 * Form actions several pages share (issuing and revoking activation codes, blocking and unblocking
 * accounts, on the staff list and a class page), and how every action reads its form.
 */
import { error, fail, isHttpError, type RequestEvent } from '@sveltejs/kit';
import { requestContext } from './context.ts';
import { requireActor } from './guard.ts';
import { field } from './request.ts';
import { httpStatusOf, type Failure } from './commands/outcome.ts';
import { issueActivationCode, revokeActivationCodesOf } from './commands/codes.ts';
import { setAccountBlocked } from './commands/staff.ts';

/** Why a form that cannot be read is refused (a broken upload, a cut connection, a forged body). */
export const FORM_UNREADABLE = 'Форма пришла повреждённой: обновите страницу и отправьте её ещё раз.';

/** The fields of a form action's request; a body that is not a readable form is a 400 with a Russian message, not a server error. */
export async function formDataOf(request: Request): Promise<FormData> {
	try {
		return await request.formData();
	} catch (thrown) {
		// A body cut off at its limit while streaming stays the 413 it is.
		if (isHttpError(thrown, 413)) throw thrown;
		error(400, FORM_UNREADABLE);
	}
}

// A missing person is the page's 404, a refusal its 403; a form without a person is shown again with the reason.
function codeFailure(failure: Failure) {
	if (failure.code === 'invalid') return fail(400, { message: failure.message });
	error(httpStatusOf(failure.code), failure.message);
}

/** Issues a new code for the person in the form; the code is shown once, to print. */
export async function issueCodeAction(event: RequestEvent) {
	const actor = requireActor(event.locals, event.url);
	const form = await formDataOf(event.request);
	const outcome = await issueActivationCode(await requestContext(), actor, { personId: field(form, 'personId') });
	return outcome.ok ? { issued: outcome.value } : codeFailure(outcome);
}

/** Revokes the unused codes of the person in the form. */
export async function revokeCodeAction(event: RequestEvent) {
	const actor = requireActor(event.locals, event.url);
	const form = await formDataOf(event.request);
	const outcome = await revokeActivationCodesOf(await requestContext(), actor, { personId: field(form, 'personId') });
	return outcome.ok ? { revoked: outcome.value } : codeFailure(outcome);
}

/** Blocks the account of the person in the form (the staff list, a class page): its sessions end at once. */
export async function blockAccountAction(event: RequestEvent) {
	return blockChange(event, true);
}

/** Unblocks the account of the person in the form. */
export async function unblockAccountAction(event: RequestEvent) {
	return blockChange(event, false);
}

async function blockChange(event: RequestEvent, blocked: boolean) {
	const actor = requireActor(event.locals, event.url);
	const form = await formDataOf(event.request);
	const outcome = await setAccountBlocked(await requestContext(), actor, { personId: field(form, 'personId'), blocked });
	if (outcome.ok) return { blockChanged: outcome.value };
	// Like the codes: a missing person is the page's 404, a refusal its 403, anything else shown with the page.
	if (outcome.code === 'not_found' || outcome.code === 'forbidden') error(httpStatusOf(outcome.code), outcome.message);
	return fail(400, { message: outcome.message });
}

/** The fields of a period-mark form (the journal's and the class's marks sheets), as typed. */
export function periodMarkFields(form: FormData) {
	return {
		studentId: field(form, 'studentId'),
		kind: field(form, 'kind'),
		periodId: field(form, 'periodId'),
		value: field(form, 'value'),
		justification: field(form, 'justification')
	};
}
