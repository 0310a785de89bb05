import type { RequestHandler } from './$types';
import { requestContext } from '$lib/server/context';
import { requireActor } from '$lib/server/guard';
import { unwrap } from '$lib/server/http';
import { issueClassCodes } from '$lib/server/commands/codes';
import { codeSlipsPdf } from '$lib/server/pdf/code-slips';

/**
 * Issues activation codes to every pupil and parent of the class without an account and answers
 * with the slips to print and cut. A POST, since every call issues new codes
 * (and revokes the unused ones it replaces); for the administrator and the class's class teacher.
 */
export const POST: RequestHandler = async ({ locals, url, params }) => {
	const actor = requireActor(locals, url);
	const issued = unwrap(await issueClassCodes(await requestContext(), actor, { classId: params.id }));
	const pdf = await codeSlipsPdf({ ...issued, activateUrl: `${url.origin}/activate` });
	return new Response(new Uint8Array(pdf), {
		headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="codes-class-${params.id}.pdf"`, 'cache-control': 'private, no-store' }
	});
};
