/**
 * Importing from a school's spreadsheet (X-IMPORT, R-4.1.3): students with their class and
 * parents, staff with their roles, or the teaching load (a teacher per journal, with its hours a
 * week), from CSV (UTF-8 or Windows-1251, `;` or `,`) or XLSX. When the file's headers are not the
 * template's, the person maps each field to a column of the file; the mapping comes with the file.
 * `previewImport` says per row what would be created, updated or refused and why, and changes
 * nothing; `applyImport` plans the same file again under the school's people lock and applies it
 * whole in one transaction, or refuses it whole when any row is refused. Matching follows
 * `planImport`, so the same file imported twice changes nothing the second time.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { lockSchoolPeople, updatePersonRecord, type PersonFields } from '../db/persons.ts';
import { classesForImport, findYearDates, guardianPairs, insertPeople, loadForImport, peopleForImport, setJournalHours, writeImportLinks } from '../db/import.ts';
import { addJournalTeacher } from '../db/load.ts';
import { journalsOfGroups } from '../db/groups.ts';
import { notifyAccessChanged, notifyStudentsChanged } from '../collab-bridge.ts';
import { readTable } from '../import-file.ts';
import {
	checkMapping,
	columnsOf,
	importFields,
	IMPORT_KINDS,
	IMPORT_MESSAGES as M,
	MAX_IMPORT_BYTES,
	planImport,
	planLoadImport,
	rowsOf,
	type ColumnMapping,
	type ImportKind,
	type ImportPlan,
	type LoadPlan,
	type PersonAction
} from '../../domain/import.ts';
import { decide, journalResource, staffResource, type Actor } from '../../domain/policy.ts';
import type { Sql, Tx } from '../db/client.ts';
import { mayManagePeople } from './people.ts';
import { done, refuse, type Outcome } from './outcome.ts';


/** A file to import, as uploaded. */
export interface ImportInput {
	kind: unknown;
	bytes: Uint8Array | undefined;
	/** The school year the students are enrolled in (the current one). */
	yearId: number | undefined;
	/** The columns the person chose for the fields (field → a column's index as text, '' for none); the headers decide the rest. */
	mapping?: Readonly<Record<string, unknown>>;
}

/** The file's columns and which field each was taken for, so the page can let the person map them. */
export interface ImportColumns {
	/** The file's columns: index and header. */
	headers: Array<{ at: number; name: string }>;
	/** Each field of the kind, with the column it is taken from (null: none). */
	fields: Array<{ field: string; header: string; required: boolean; at: number | null }>;
}

/** What the preview shows: the plan, the columns of the file that were not used, and the mapping of fields to columns. */
export type ImportPreview = ({ kind: 'students' | 'staff'; plan: ImportPlan } | { kind: 'load'; plan: LoadPlan }) & { ignoredColumns: string[]; columns: ImportColumns };

/** A refusal of a file, with its columns when the file was read (to map them) and its plan when rows were refused. */
type FileFailure = { columns?: ImportColumns; plan?: ImportPlan | LoadPlan };

/** The columns of a table for the mapping: the chosen columns over those found by their headers. */
function columnsFor(kind: ImportKind, table: string[][], mapping: ColumnMapping): ImportColumns {
	const { headers, found } = columnsOf(kind, table);
	return {
		headers,
		fields: importFields(kind).map((f) => {
			const at = mapping[f.field] ?? found[f.field];
			return { ...f, at: at === undefined || at < 0 ? null : at };
		})
	};
}

type Planned = ImportPreview & { groups: Map<number, number> };

/** The plan of a file against the school as the given client reads it (a transaction when applying). */
async function planFile(ctx: Ctx, sql: Sql | Tx, actor: Actor, input: ImportInput): Promise<Outcome<Planned, FileFailure>> {
	const kind = IMPORT_KINDS.find((k) => k === input.kind);
	if (!kind) return refuse('invalid', M.kind);
	if (!input.bytes || input.bytes.length === 0) return refuse('invalid', M.noFile);
	if (input.bytes.length > MAX_IMPORT_BYTES) return refuse('too_large', M.tooLarge);
	const table = await readTable(input.bytes);
	if (!table) return refuse('unsupported_type', M.unreadable);
	const width = Math.max(0, ...table.map((r) => r.length));
	const mapping = checkMapping(kind, input.mapping ?? {}, width);
	if (!mapping.ok) return refuse('invalid', mapping.reason, { columns: columnsFor(kind, table, {}) });
	const columns = columnsFor(kind, table, mapping.value);
	const rows = rowsOf(kind, table, mapping.value);
	if (!rows.ok) return refuse('invalid', rows.reason, { columns });
	const year = input.yearId === undefined ? undefined : await findYearDates(sql, actor.schoolId, input.yearId);
	if (kind !== 'staff' && !year) return refuse('invalid', kind === 'load' ? M.loadNoYear : M.noYear);
	const yearId = year?.id ?? 0;
	if (kind === 'load') {
		const [classes, facts] = await Promise.all([classesForImport(sql, yearId), loadForImport(sql, actor.schoolId, yearId)]);
		const plan = planLoadImport(rows.rows, { classes, ...facts });
		return done({ kind, plan, ignoredColumns: rows.ignored, columns, groups: new Map() });
	}
	const [people, classes] = await Promise.all([peopleForImport(sql, actor.schoolId, yearId), classesForImport(sql, yearId)]);
	const plan = planImport(kind, rows.rows, { people, classes, year: year ?? { startsOn: ctx.today, endsOn: ctx.today }, today: ctx.today });
	return done({ kind, plan, ignoredColumns: rows.ignored, columns, groups: new Map(classes.map((c) => [c.classId, c.groupId])) });
}

/** Reads and plans a file without changing anything: per row, what the import would do; a file whose columns are not found says so with its columns to map. */
export async function previewImport(ctx: Ctx, actor: Actor, input: ImportInput): Promise<Outcome<ImportPreview, FileFailure>> {
	const allowed = mayManagePeople(actor);
	if (!allowed.ok) return allowed;
	const planned = await planFile(ctx, ctx.sql, actor, input);
	if (!planned.ok) return planned;
	const { groups: _groups, ...preview } = planned.value;
	return done(preview);
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
export async function applyImport(ctx: Ctx, actor: Actor, input: ImportInput): Promise<Outcome<ImportResult, FileFailure>> {
	const allowed = mayManagePeople(actor);
	if (!allowed.ok) return allowed;
	// Journals whose pupils the import changed (enrolments), shown anew in open documents after the commit.
	let enrolledJournals: number[] = [];
	const outcome = await ctx.sql.begin(async (tx): Promise<Outcome<ImportResult, FileFailure>> => {
		await lockSchoolPeople(tx, actor.schoolId);
		const planned = await planFile(ctx, tx, actor, input);
		if (!planned.ok) return planned;
		if (planned.value.plan.refused > 0) return { ok: false, code: 'invalid', message: M.hasRefusals(planned.value.plan.refused), plan: planned.value.plan };
		if (planned.value.kind === 'load') return applyLoad(tx, actor, planned.value.plan);
		const { kind, plan, groups } = planned.value;
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
		if (enrolments.length > 0) enrolledJournals = await journalsOfGroups(tx, [...new Set(enrolments.map((e) => e.groupId))]);

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
	// A load file gives teachers journals: their open live connections are judged again.
	if (outcome.ok && input.kind === 'load' && outcome.value.created + outcome.value.updated > 0) await notifyAccessChanged({ schoolId: actor.schoolId });
	if (outcome.ok) await notifyStudentsChanged(enrolledJournals);
	return outcome;
}

/**
 * Applies a planned load file inside the import's transaction: assigns each new teacher to their
 * journal and sets the hours a week that changed, with one audit row naming both. Checks the
 * policy for every journal changed (managing it), as the load page does.
 */
async function applyLoad(tx: Tx, actor: Actor, plan: LoadPlan): Promise<Outcome<ImportResult, FileFailure>> {
	for (const row of plan.rows) {
		const journalId = row.assign?.journalId ?? row.hours?.journalId;
		if (journalId === undefined) continue;
		const decision = decide(actor, 'manage', journalResource({ schoolId: actor.schoolId, journalId, classId: row.classId ?? 0 }));
		if (!decision.allow) return refuse('forbidden', decision.reason);
	}
	const assigned: Array<{ journalId: number; teacherId: number }> = [];
	const hours: Array<{ journalId: number; from: number; to: number }> = [];
	for (const row of plan.rows) {
		if (row.assign && (await addJournalTeacher(tx, row.assign.journalId, row.assign.teacherId))) assigned.push(row.assign);
		if (row.hours) {
			await setJournalHours(tx, row.hours.journalId, row.hours.to);
			hours.push(row.hours);
		}
	}
	if (assigned.length === 0 && hours.length === 0) return done({ created: 0, updated: 0, message: M.loadNothingToDo });
	await writeAudit(tx, { actorId: actor.personId, action: 'import.apply', entity: 'import', entityId: null, newValue: { kind: 'load', assigned, hours } });
	return done({ created: assigned.length, updated: hours.length, message: M.loadApplied(assigned.length, hours.length) });
}

/** The parent–student pairs that are already linked. */
async function existingGuardians(tx: Tx, pairs: Array<{ parentId: number; studentId: number }>): Promise<Set<string>> {
	const rows = await guardianPairs(tx, pairs.map((p) => p.studentId));
	return new Set(rows.map((r) => `${r.parentId}:${r.studentId}`));
}
