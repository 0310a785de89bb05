/** The administration's audit view (X-AUDIT): the log filtered by person, days and kind of change. */
import type { Ctx } from '../context.ts';
import { auditActors, auditEntries } from '../db/audit-view.ts';
import { actionNameOf, AUDIT_KINDS, authorOf, checkAuditFilter, kindNameOf } from '../../domain/audit-view.ts';
import { auditResource, decide, type Actor } from '../../domain/policy.ts';
import { done, refuse } from '../commands/outcome.ts';

/** Entries a page shows at most; «раньше» pages back. */
const PAGE = 100;

/**
 * The log's entries for the query string (`person`, `from`, `to`, `kind`, `before`), newest first,
 * with the people and kinds to filter by. For the administration (the policy's `audit`); a bad
 * filter shows no entries and says why.
 */
export async function auditPage(ctx: Ctx, actor: Actor, query: { person: string | null; from: string | null; to: string | null; kind: string | null; before: string | null }) {
	const decision = decide(actor, 'read', auditResource(actor.schoolId));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const checked = checkAuditFilter(query);
	const before = Number(query.before);
	const entries = checked.ok
		? await auditEntries(ctx.sql, actor.schoolId, {
				...checked.value,
				entities: checked.value.kind ? AUDIT_KINDS[checked.value.kind].entities : null,
				before: Number.isInteger(before) && before > 0 ? before : null,
				limit: PAGE + 1
			})
		: [];
	return done({
		filter: checked.value,
		problem: checked.ok ? null : checked.reason,
		people: await auditActors(ctx.sql, actor.schoolId),
		kinds: Object.entries(AUDIT_KINDS).map(([kind, k]) => ({ kind, name: k.name })),
		entries: entries.slice(0, PAGE).map((e) => ({ ...e, who: authorOf(e), kindName: kindNameOf(e.entity), actionName: actionNameOf(e.action) })),
		earlier: entries.length > PAGE ? entries[PAGE - 1].id : null
	});
}
