/** Form actions several pages share: issuing and revoking activation codes (the staff list and a class page). */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { requestContext } from './context.ts';
import { requireActor } from './guard.ts';
import { field } from './request.ts';
import { httpStatusOf, type Failure } from './commands/outcome.ts';
import { issueActivationCode, revokeActivationCodesOf } from './commands/codes.ts';

// A missing person is the page's 404, a refusal its 403; a form without a person is shown again with the reason.
function codeFailure(failure: Failure) {
	if (failure.code === 'invalid') return fail(400, { message: failure.message });
	error(httpStatusOf(failure.code), failure.message);
}

/** Issues a new code for the person in the form; the code is shown once, to print. */
export async function issueCodeAction(event: RequestEvent) {
	const actor = requireActor(event.locals, event.url);
	const form = await event.request.formData();
	const outcome = await issueActivationCode(await requestContext(), actor, { personId: field(form, 'personId') });
	return outcome.ok ? { issued: outcome.value } : codeFailure(outcome);
}

/** Revokes the unused codes of the person in the form. */
export async function revokeCodeAction(event: RequestEvent) {
	const actor = requireActor(event.locals, event.url);
	const form = await event.request.formData();
	const outcome = await revokeActivationCodesOf(await requestContext(), actor, { personId: field(form, 'personId') });
	return outcome.ok ? { revoked: outcome.value } : codeFailure(outcome);
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
