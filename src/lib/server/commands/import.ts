/**
 * Importing people from a school's spreadsheet (X-IMPORT, R-4.1.3): students with their class and
 * parents, or staff with their roles, from CSV (UTF-8 or Windows-1251, `;` or `,`) or XLSX.
 * `previewImport` says per row what would be created, updated or refused and why, and changes
 * nothing; `applyImport` plans the same file again under the school's people lock and applies it
 * whole in one transaction, or refuses it whole when any row is refused. Matching follows
 * `planImport`, so the same file imported twice changes nothing the second time.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { lockSchoolPeople, updatePersonRecord, type PersonFields } from '../db/persons.ts';
import { classesForImport, findYearDates, guardianPairs, insertPeople, peopleForImport, writeImportLinks } from '../db/import.ts';
import { readTable } from '../import-file.ts';
import { IMPORT_KINDS, IMPORT_MESSAGES as M, MAX_IMPORT_BYTES, planImport, rowsOf, type ImportKind, type ImportPlan, type PersonAction } from '../../domain/import.ts';
import { decide, staffResource, type Actor } from '../../domain/policy.ts';
import type { Sql, Tx } from '../db/client.ts';
import { mayManagePeople } from './people.ts';
import { done, refuse, type Outcome } from './outcome.ts';


/** A file to import, as uploaded. */
export interface ImportInput {
	kind: unknown;
	bytes: Uint8Array | undefined;
	/** The school year the students are enrolled in (the current one). */
	yearId: number | undefined;
}

/** What the preview shows: the plan, and the columns of the file that were not used. */
export interface ImportPreview {
	kind: ImportKind;
	plan: ImportPlan;
	ignoredColumns: string[];
}

/** The plan of a file against the school as the given client reads it (a transaction when applying). */
async function planFile(ctx: Ctx, sql: Sql | Tx, actor: Actor, input: ImportInput): Promise<Outcome<ImportPreview & { groups: Map<number, number> }>> {
	const kind = IMPORT_KINDS.find((k) => k === input.kind);
	if (!kind) return refuse('invalid', M.kind);
	if (!input.bytes || input.bytes.length === 0) return refuse('invalid', M.noFile);
	if (input.bytes.length > MAX_IMPORT_BYTES) return refuse('too_large', M.tooLarge);
	const table = await readTable(input.bytes);
	if (!table) return refuse('unsupported_type', M.unreadable);
	const rows = rowsOf(kind, table);
	if (!rows.ok) return refuse('invalid', rows.reason);
	const year = input.yearId === undefined ? undefined : await findYearDates(sql, actor.schoolId, input.yearId);
	if (kind === 'students' && !year) return refuse('invalid', M.noYear);
	const yearId = year?.id ?? 0;
	const [people, classes] = await Promise.all([peopleForImport(sql, actor.schoolId, yearId), classesForImport(sql, yearId)]);
	const plan = planImport(kind, rows.rows, { people, classes, year: year ?? { startsOn: ctx.today, endsOn: ctx.today }, today: ctx.today });
	return done({ kind, plan, ignoredColumns: rows.ignored, groups: new Map(classes.map((c) => [c.classId, c.groupId])) });
}

/** Reads and plans a file without changing anything: per row, what the import would do. */
export async function previewImport(ctx: Ctx, actor: Actor, input: ImportInput): Promise<Outcome<ImportPreview>> {
	const allowed = mayManagePeople(actor);
	if (!allowed.ok) return allowed;
	const planned = await planFile(ctx, ctx.sql, actor, input);
	if (!planned.ok) return planned;
	const { kind, plan, ignoredColumns } = planned.value;
	return done({ kind, plan, ignoredColumns });
}

/** What an applied import did. */
export interface ImportResult {
	created: number;
	updated: number;
	message: string;
}

/**
 * Applies a file: plans it again inside the transaction (under the school's people lock, so two
 * imports do not both create the same people) and, when no row is refused, creates the new people,
 * updates the changed ones, enrols students from the date of the row (the year's first day by
 * default), links parents and gives staff their roles, with one audit row naming every person
 * created or changed. A refused row refuses the file (`invalid`, with the plan to show).
 */
export async function applyImport(ctx: Ctx, actor: Actor, input: ImportInput): Promise<Outcome<ImportResult, { plan?: ImportPlan }>> {
	const allowed = mayManagePeople(actor);
	if (!allowed.ok) return allowed;
	return ctx.sql.begin(async (tx): Promise<Outcome<ImportResult, { plan?: ImportPlan }>> => {
		await lockSchoolPeople(tx, actor.schoolId);
		const planned = await planFile(ctx, tx, actor, input);
		if (!planned.ok) return planned;
		const { kind, plan, groups } = planned.value;
		if (plan.refused > 0) return { ok: false, code: 'invalid', message: M.hasRefusals(plan.refused), plan };
		// Staff roles are given as the staff list gives them: an administrator only by an administrator.
		for (const role of new Set(plan.rows.flatMap((r) => r.roles))) {
			const decision = decide(actor, 'manage', staffResource(actor.schoolId, role));
			if (!decision.allow) return refuse('forbidden', decision.reason);
		}

		// New people once each (a parent of two siblings is one person), in the order of the file.
		const newRefs: string[] = [];
		const newFields: PersonFields[] = [];
		const updates = new Map<number, { draft: PersonFields; changes: string[] }>();
		const note = (p: PersonAction) => {
			if (p.action === 'create' && !newRefs.includes(p.ref)) {
				newRefs.push(p.ref);
				newFields.push(p.draft);
			} else if (p.action === 'update' && !updates.has(p.personId)) updates.set(p.personId, { draft: p.draft, changes: p.changes });
		};
		for (const row of plan.rows) {
			if (row.person) note(row.person);
			row.parents.forEach(note);
		}
		const newIds = await insertPeople(tx, actor.schoolId, newFields);
		const idOf = new Map(newRefs.map((ref, i) => [ref, newIds[i]]));
		const personId = (p: PersonAction) => (p.action === 'create' ? (idOf.get(p.ref) as number) : p.personId);
		for (const [id, { draft }] of updates) await updatePersonRecord(tx, id, draft);

		const enrolments: Array<{ studentId: number; classId: number; groupId: number; from: string }> = [];
		const guardians = new Map<string, { parentId: number; studentId: number }>();
		const roles: Array<{ personId: number; role: string }> = [];
		for (const row of plan.rows) {
			if (!row.person) continue;
			const id = personId(row.person);
			if (row.enrol) enrolments.push({ studentId: id, classId: row.enrol.classId, groupId: groups.get(row.enrol.classId) as number, from: row.enrol.from });
			for (const parent of row.parents) {
				const parentId = personId(parent);
				guardians.set(`${parentId}:${id}`, { parentId, studentId: id });
			}
			for (const role of row.roles) roles.push({ personId: id, role });
		}
		const existing = await existingGuardians(tx, [...guardians.values()]);
		await writeImportLinks(tx, { enrolments, guardians: [...guardians.values()].filter((g) => !existing.has(`${g.parentId}:${g.studentId}`)), roles });

		const created = newIds.length;
		const updated = plan.updated;
		if (created > 0 || updated > 0 || guardians.size > existing.size)
			await writeAudit(tx, {
				actorId: actor.personId,
				action: 'import.apply',
				entity: 'import',
				entityId: null,
				newValue: { kind, created: newIds, updated: [...updates.entries()].map(([id, u]) => ({ id, changes: u.changes })), enrolled: enrolments.map((e) => e.studentId), linked: guardians.size - existing.size, roles }
			});
		return done({ created, updated, message: created === 0 && updated === 0 && guardians.size === existing.size ? M.nothingToDo : M.applied(created, updated) });
	});
}

/** The parent–student pairs that are already linked. */
async function existingGuardians(tx: Tx, pairs: Array<{ parentId: number; studentId: number }>): Promise<Set<string>> {
	const rows = await guardianPairs(tx, pairs.map((p) => p.studentId));
	return new Set(rows.map((r) => `${r.parentId}:${r.studentId}`));
}
