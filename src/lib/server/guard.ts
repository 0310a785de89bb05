/** Who is asking, for every page and endpoint: the signed-in actor, or the sign-in page / 401. */
import { error, redirect } from '@sveltejs/kit';
import type { Actor } from '../domain/policy.ts';

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
