/** Form actions that issue and revoke activation codes, shared by pages. */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { sql } from '../context.ts';
import { authorize, parseId, requireActor } from '../guard.ts';
import { personAccountScope } from '../db/people.ts';
import { issueActivationCode, revokeCodes } from '../auth/login.ts';
import { field } from '../request.ts';

async function target(event: RequestEvent) {
	const actor = requireActor(event.locals, event.url);
	const form = await event.request.formData();
	const personId = parseId(field(form, 'personId'));
	if (personId === undefined) return { actor, person: undefined, personId };
	const person = await personAccountScope(await sql(), personId);
	if (!person) error(404, 'Человек не найден.');
	authorize(actor, 'manage', { kind: 'accounts', schoolId: person.schoolId, classIds: person.classIds });
	return { actor, person, personId };
}

/** Issues a new code for the person in the form; the code is shown once, to print. */
export async function issueCodeAction(event: RequestEvent) {
	const { actor, person, personId } = await target(event);
	if (!person || personId === undefined) return fail(400, { message: 'Не выбран человек, которому выдать код.' });
	const issued = await issueActivationCode(await sql(), personId, actor.personId);
	return { issued: { personId, fullName: person.fullName, code: issued.code, expiresAt: issued.expiresAt.toISOString() } };
}

/** Revokes the unused codes of the person in the form. */
export async function revokeCodeAction(event: RequestEvent) {
	const { actor, person, personId } = await target(event);
	if (!person || personId === undefined) return fail(400, { message: 'Не выбран человек, чей код отозвать.' });
	const revoked = await revokeCodes(await sql(), personId, actor.personId);
	return { revoked: { fullName: person.fullName, count: revoked } };
}
