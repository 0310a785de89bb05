/** Reads of the audit log for the administration's audit view (X-AUDIT): entries by person, days and entities, and who appears in it. */
import type { Sql } from './client.ts';

/** One entry as the view shows it. */
export interface AuditEntryRow {
	id: number;
	/** The moment, ISO. */
	at: string;
	/** The moment in the school's time zone, as people read it: 02.12.2026 10:15:03. */
	atText: string;
	actorId: number | null;
	actorName: string | null;
	action: string;
	entity: string;
	entityId: string | null;
	oldValue: unknown;
	newValue: unknown;
	source: string;
}

/**
 * The school's entries, newest first, at most `limit`: by people of the school (an entry of the
 * system, with no person, is the school's when there is one school), on the days from–to in the
 * school's time zone, of the entities given; `before` pages back.
 */
export async function auditEntries(
	sql: Sql,
	schoolId: number,
	filter: { personId: number | null; from: string | null; to: string | null; entities: readonly string[] | null; before: number | null; limit: number }
): Promise<AuditEntryRow[]> {
	const tz = sql`coalesce((select settings ->> 'timezone' from school where id = ${schoolId}), 'Europe/Moscow')`;
	const rows = await sql<Array<{ id: string; at: Date; at_text: string; actor_id: number | null; actor_name: string | null; action: string; entity: string; entity_id: string | null; old_value: unknown; new_value: unknown; source: string }>>`
		select a.id, a.at, to_char(a.at at time zone ${tz}, 'DD.MM.YYYY HH24:MI:SS') as at_text, a.actor_id, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as actor_name,
			a.action, a.entity, a.entity_id, a.old_value, a.new_value, a.source
		from audit_log a left join person p on p.id = a.actor_id
		where (p.school_id = ${schoolId} or (a.actor_id is null and (select count(*) from school) = 1))
			${filter.personId !== null ? sql`and a.actor_id = ${filter.personId}` : sql``}
			${filter.from !== null ? sql`and (a.at at time zone ${tz})::date >= ${filter.from}::date` : sql``}
			${filter.to !== null ? sql`and (a.at at time zone ${tz})::date <= ${filter.to}::date` : sql``}
			${filter.entities !== null ? sql`and a.entity = any(${filter.entities as string[]})` : sql``}
			${filter.before !== null ? sql`and a.id < ${filter.before}` : sql``}
		order by a.id desc
		limit ${filter.limit}`;
	return rows.map((r) => ({
		id: Number(r.id),
		at: r.at.toISOString(),
		atText: r.at_text,
		actorId: r.actor_id,
		actorName: r.actor_id === null ? null : r.actor_name,
		action: r.action,
		entity: r.entity,
		entityId: r.entity_id,
		oldValue: r.old_value,
		newValue: r.new_value,
		source: r.source
	}));
}

/** The people of the school who appear in the log, by name. */
export async function auditActors(sql: Sql, schoolId: number): Promise<Array<{ personId: number; fullName: string }>> {
	const rows = await sql<Array<{ id: number; full_name: string }>>`
		select p.id, concat_ws(' ', p.last_name, p.first_name, p.middle_name) as full_name
		from person p where p.school_id = ${schoolId} and exists (select 1 from audit_log a where a.actor_id = p.id)
		order by p.last_name, p.first_name, p.id`;
	return rows.map((r) => ({ personId: r.id, fullName: r.full_name }));
}
