/** The append-only audit log (X-AUDIT): who, when, what, old, new, where from. */
import type { Sql, Tx } from './client.ts';

/** One audit entry to append. */
export interface AuditEntry {
	actorId: number | null;
	action: string;
	entity: string;
	entityId: string | number | null;
	oldValue?: unknown;
	newValue?: unknown;
	source?: string;
}

/** Appends an entry; call inside the transaction that makes the change. */
export async function writeAudit(sql: Sql | Tx, entry: AuditEntry): Promise<void> {
	await sql`
		insert into audit_log (actor_id, action, entity, entity_id, old_value, new_value, source)
		values (${entry.actorId}, ${entry.action}, ${entry.entity}, ${entry.entityId === null ? null : String(entry.entityId)},
		        ${entry.oldValue === undefined ? null : sql.json(entry.oldValue as never)},
		        ${entry.newValue === undefined ? null : sql.json(entry.newValue as never)},
		        ${entry.source ?? 'web'})`;
}
