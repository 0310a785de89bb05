/** Guards every page and endpoint runs first: who is it, and may they (through the one policy). */
import { error, redirect } from '@sveltejs/kit';
import { decide, type Action, type Actor, type Resource } from '../domain/policy.ts';
import type { Sql } from './db/client.ts';
import { loadStudentScope, type StudentScope } from './db/people.ts';

/** The signed-in actor, or a redirect to the sign-in page. */
export function requireActor(locals: App.Locals, url: URL): Actor {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	return locals.actor;
}

/** The signed-in actor for an API call, or 401. */
export function requireApiActor(locals: App.Locals): Actor {
	if (!locals.actor) error(401, 'Войдите в систему.');
	return locals.actor;
}

/** Throws 403 with the policy's reason unless allowed. */
export function authorize(actor: Actor, action: Action, resource: Resource): void {
	const decision = decide(actor, action, resource);
	if (!decision.allow) error(403, decision.reason);
}

/** A route id parameter as a database id, or undefined. */
export function parseId(param: string | undefined): number | undefined {
	if (!param || !/^[1-9]\d{0,9}$/.test(param)) return undefined;
	const id = Number(param);
	return id <= 2_147_483_647 ? id : undefined;
}

/** Message of the one answer given for a student who does not exist or is not the actor's to see. */
export const STUDENT_NOT_FOUND = 'Ученик не найден.';

/**
 * The student's scope when the actor may act on them; otherwise the same 404 whether the student
 * exists or not, so no one can probe for other children.
 */
export async function studentFor(sql: Sql, actor: Actor, param: string | undefined, action: Action = 'read'): Promise<StudentScope> {
	const id = parseId(param);
	const scope = id === undefined ? undefined : await loadStudentScope(sql, id);
	if (!scope || !decide(actor, action, { kind: 'student', ...scope }).allow) error(404, STUDENT_NOT_FOUND);
	return scope;
}
