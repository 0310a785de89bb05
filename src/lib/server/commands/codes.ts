/**
 * Activation and password-reset codes. A person without an
 * account gets an activation code (they choose login and password); a person with one gets a
 * reset code (a new password, the same login). A code signs its holder in with every role of the
 * person, so it is issued only by someone the policy entitles to all of them: staff by the
 * administrator, a family by the administrator or the class teacher of every class their account
 * reaches. A new code revokes the person's unused ones; the code's text is returned once, to
 * print, and only its hash is stored.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { codeHolder, insertActivationCode, revokeActivationCodes, type CodePurpose } from '../db/accounts.ts';
import { classRoster, findClass } from '../db/school.ts';
import { schoolNameOf } from '../db/reports.ts';
import { currentYearId } from '../db/people.ts';
import { codeHashOf, newActivationCode } from '../auth/codes.ts';
import { formatCode } from '../../domain/credentials.ts';
import { parseId } from '../../domain/ids.ts';
import { accountOfResource, accountsResource, classResource, decide, may, staffResource, type Actor } from '../../domain/policy.ts';
import { done, refuse, type Outcome } from './outcome.ts';

const CODE_DAYS = 30;

export const CODE_MESSAGES = {
	noPersonToIssue: 'Не выбран человек, которому выдать код.',
	noPersonToRevoke: 'Не выбран человек, чей код отозвать.',
	personNotFound: 'Человек не найден.',
	classNotFound: 'Класс не найден.',
	nothingToPrint: 'Все ученики и родители класса уже активированы: печатать нечего.',
	noneYours: 'Коды этих учеников и родителей выдаёт администратор.'
} as const;

/**
 * The person of an id (untrusted) when the actor may manage their account: issue or revoke the
 * code it needs, block or unblock it. A person outside the actor's reach — missing, or neither
 * their account nor their class (staff: the staff list) is the actor's to read — is one
 * not_found, so ids do not tell who exists; a person the actor sees but whose account they may
 * not manage is forbidden with the policy's reason.
 */
export async function manageableAccount(ctx: Ctx, actor: Actor, personId: unknown, missing: string) {
	const id = parseId(personId);
	if (id === undefined) return refuse('invalid', missing);
	const yearId = await currentYearId(ctx.sql, actor.schoolId, ctx.today);
	const person = await codeHolder(ctx.sql, id, yearId);
	if (!person || !inReach(actor, person)) return refuse('not_found', CODE_MESSAGES.personNotFound);
	const hasAccount = person.accountId !== null;
	const decision = decide(actor, 'manage', accountOfResource({ ...person, hasAccount }));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const purpose: CodePurpose = hasAccount ? 'reset' : 'activate';
	return done({ personId: id, fullName: person.fullName, accountId: person.accountId, purpose });
}

// The actor may see that the person exists: their account, one of their classes, or (staff) the staff list.
function inReach(actor: Actor, person: { schoolId: number; classIds: readonly number[] }): boolean {
	if (may(actor, 'read', accountsResource(person.schoolId, person.classIds))) return true;
	if (person.classIds.length === 0) return may(actor, 'read', staffResource(person.schoolId));
	return person.classIds.some((classId) => may(actor, 'read', classResource({ schoolId: person.schoolId, classId })));
}

/** A code issued: to whom, what it does, its text (shown once) and until when it works. */
export interface IssuedCode {
	personId: number;
	fullName: string;
	purpose: CodePurpose;
	code: string;
	expiresAt: string;
}

/** Issues a new activation or reset code for the person (revoking their unused ones), with an audit row. */
export async function issueActivationCode(ctx: Ctx, actor: Actor, input: { personId: unknown }): Promise<Outcome<IssuedCode>> {
	const target = await manageableAccount(ctx, actor, input.personId, CODE_MESSAGES.noPersonToIssue);
	if (!target.ok) return target;
	const { personId, fullName, purpose } = target.value;
	const raw = newActivationCode();
	const expiresAt = new Date(Date.now() + CODE_DAYS * 24 * 60 * 60 * 1000);
	await ctx.sql.begin(async (tx) => {
		await revokeActivationCodes(tx, personId);
		const id = await insertActivationCode(tx, { personId, purpose, codeHash: codeHashOf(raw), hint: raw.slice(-3), createdBy: actor.personId, expiresAt });
		await writeAudit(tx, { actorId: actor.personId, action: 'issue', entity: 'activation_code', entityId: id, newValue: { personId, purpose, expiresAt } });
	});
	return done({ personId, fullName, purpose, code: formatCode(raw), expiresAt: expiresAt.toISOString() });
}

/** Revokes the person's unused codes; says how many, with an audit row when there were any. */
export async function revokeActivationCodesOf(ctx: Ctx, actor: Actor, input: { personId: unknown }): Promise<Outcome<{ fullName: string; count: number }>> {
	const target = await manageableAccount(ctx, actor, input.personId, CODE_MESSAGES.noPersonToRevoke);
	if (!target.ok) return target;
	const { personId, fullName } = target.value;
	const count = await ctx.sql.begin(async (tx) => {
		const revoked = await revokeActivationCodes(tx, personId);
		if (revoked > 0) await writeAudit(tx, { actorId: actor.personId, action: 'revoke', entity: 'activation_code', entityId: personId, newValue: { personId, count: revoked } });
		return revoked;
	});
	return done({ fullName, count });
}

/** One slip of a class's printout: whose code, who they are in the class, the code and until when. */
export interface ClassSlip extends IssuedCode {
	/** A pupil of the class, or a parent of one (or several) of its pupils. */
	role: 'student' | 'parent';
	/** For a parent: their children in the class. */
	children: string[];
}

/** The people of a class whose accounts its codes concern: its present pupils and their parents, once each. */
async function classHolders(ctx: Ctx, actor: Actor, classId: unknown) {
	const id = parseId(classId);
	const klass = id === undefined ? undefined : await findClass(ctx.sql, id);
	if (!klass || klass.schoolId !== actor.schoolId || !may(actor, 'read', classResource(klass))) return refuse('not_found', CODE_MESSAGES.classNotFound);
	const decision = decide(actor, 'manage', accountsResource(klass.schoolId, [klass.classId]));
	if (!decision.allow) return refuse('forbidden', decision.reason);
	const people = new Map<number, { personId: number; fullName: string; hasAccount: boolean; role: 'student' | 'parent'; children: string[] }>();
	for (const pupil of await classRoster(ctx.sql, klass.classId)) {
		if (pupil.departedOn !== null && pupil.departedOn < ctx.today) continue;
		people.set(pupil.studentId, { personId: pupil.studentId, fullName: pupil.fullName, hasAccount: pupil.hasAccount, role: 'student', children: [] });
		for (const parent of pupil.parents) {
			const known = people.get(parent.personId) ?? { ...parent, role: 'parent' as const, children: [] };
			known.children.push(pupil.fullName);
			people.set(parent.personId, known);
		}
	}
	return done({ klass, people: [...people.values()] });
}

/**
 * Issues activation codes to every present pupil of a class and every parent of one who has no
 * account yet, to print as slips. Checks: the class is the actor's to read and
 * its accounts theirs to manage (the administrator; the class teacher of their own class); each
 * person as `issueActivationCode` does — a parent whose other child is in a class the actor does
 * not lead is left out and counted. A new code revokes the person's unused one. One transaction,
 * an audit row per code; nothing is written when nobody is left to print for.
 */
export async function issueClassCodes(
	ctx: Ctx,
	actor: Actor,
	input: { classId: unknown }
): Promise<Outcome<{ className: string; schoolName: string; slips: ClassSlip[]; skipped: number }>> {
	const found = await classHolders(ctx, actor, input.classId);
	if (!found.ok) return found;
	const { klass, people } = found.value;
	const waiting = people.filter((person) => !person.hasAccount);
	const targets: Array<(typeof waiting)[number]> = [];
	for (const person of waiting) if ((await manageableAccount(ctx, actor, person.personId, CODE_MESSAGES.noPersonToIssue)).ok) targets.push(person);
	if (targets.length === 0) return refuse('invalid', waiting.length === 0 ? CODE_MESSAGES.nothingToPrint : CODE_MESSAGES.noneYours);
	const expiresAt = new Date(Date.now() + CODE_DAYS * 24 * 60 * 60 * 1000);
	const slips = await ctx.sql.begin(async (tx) => {
		const issued: ClassSlip[] = [];
		for (const person of targets) {
			const raw = newActivationCode();
			await revokeActivationCodes(tx, person.personId);
			const id = await insertActivationCode(tx, { personId: person.personId, purpose: 'activate', codeHash: codeHashOf(raw), hint: raw.slice(-3), createdBy: actor.personId, expiresAt });
			await writeAudit(tx, { actorId: actor.personId, action: 'issue', entity: 'activation_code', entityId: id, newValue: { personId: person.personId, purpose: 'activate', expiresAt, classId: klass.classId } });
			issued.push({ personId: person.personId, fullName: person.fullName, purpose: 'activate', code: formatCode(raw), expiresAt: expiresAt.toISOString(), role: person.role, children: person.children });
		}
		return issued;
	});
	return done({ className: klass.name, schoolName: await schoolNameOf(ctx.sql, klass.schoolId), slips, skipped: waiting.length - targets.length });
}

/**
 * Revokes every unused code of the class's present pupils and their parents (a printout lost or
 * handed to the wrong family). Same checks as `issueClassCodes`; one transaction, an audit row per
 * person whose codes were revoked; says how many codes.
 */
export async function revokeClassCodes(ctx: Ctx, actor: Actor, input: { classId: unknown }): Promise<Outcome<{ className: string; count: number }>> {
	const found = await classHolders(ctx, actor, input.classId);
	if (!found.ok) return found;
	const { klass, people } = found.value;
	const targets: number[] = [];
	for (const person of people) if ((await manageableAccount(ctx, actor, person.personId, CODE_MESSAGES.noPersonToRevoke)).ok) targets.push(person.personId);
	const count = await ctx.sql.begin(async (tx) => {
		let total = 0;
		for (const personId of targets) {
			const revoked = await revokeActivationCodes(tx, personId);
			if (revoked > 0) await writeAudit(tx, { actorId: actor.personId, action: 'revoke', entity: 'activation_code', entityId: personId, newValue: { personId, count: revoked, classId: klass.classId } });
			total += revoked;
		}
		return total;
	});
	return done({ className: klass.name, count });
}
