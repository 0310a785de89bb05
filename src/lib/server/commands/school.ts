/**
 * The first start of a school without the demo. On an empty database the server issues a setup
 * link (a random token; only its SHA-256 is kept, as for sessions); whoever opens it creates the
 * school and its first administrator, and from then on every link is spent. There is no default
 * password anywhere: the administrator chooses it on the form.
 */
import type { Ctx } from '../context.ts';
import { writeAudit } from '../db/audit.ts';
import { insertAccount, insertPerson, insertSchool, insertStaffRole } from '../db/setup.ts';
import { insertSetupToken, schoolExists, setupTokenUsable, spendSetupTokens } from '../db/school-setup.ts';
import { hashPassword } from '../auth/password.ts';
import { rememberSchoolTimeZone } from '../school-zone.ts';
import { createSession, generateSessionToken, sessionIdOf } from '../auth/session.ts';
import { checkSchoolSetup, SETUP_MESSAGES, type SchoolSetupInput } from '../../domain/school-setup.ts';
import type { Client, SignedIn } from './account.ts';
import { done, refuse, type Outcome } from './outcome.ts';

const TOKEN_SHAPE = /^[a-z2-7]{32}$/;

/** The stored hash of a setup token, or undefined when the text cannot be one. */
function hashOf(token: string): string | undefined {
	return TOKEN_SHAPE.test(token) ? sessionIdOf(token) : undefined;
}

/**
 * At start-up: when the database holds no school, issues a new setup token and returns it (to
 * print as a link); otherwise nothing. Earlier unused tokens stay good too (another instance may
 * have printed one), until any of them creates the school.
 */
export async function openSchoolSetup(ctx: Ctx): Promise<string | undefined> {
	if (await schoolExists(ctx.sql)) return undefined;
	const token = generateSessionToken();
	await ctx.sql.begin(async (tx) => {
		const id = await insertSetupToken(tx, sessionIdOf(token));
		await writeAudit(tx, { actorId: null, action: 'setup.link', entity: 'setup_token', entityId: id, source: 'server' });
	});
	return token;
}

/** Whether the setup link of this token can still create the school; the reason when not. */
export async function setupLinkState(ctx: Ctx, token: string): Promise<Outcome> {
	const hash = hashOf(token);
	if (hash === undefined || !(await setupTokenUsable(ctx.sql, hash))) return refuse('not_found', SETUP_MESSAGES.linkInvalid);
	if (await schoolExists(ctx.sql)) return refuse('conflict', SETUP_MESSAGES.schoolExists);
	return done(undefined);
}

/** Rolls the setup's transaction back with the answer to give. */
class SetupRefused extends Error {
	constructor(readonly failure: { code: 'not_found' | 'conflict'; message: string }) {
		super(failure.message);
	}
}

/**
 * Creates the school and its first administrator from the setup link's form, and signs them in.
 * Checks: the token is one of the unused ones and no school exists yet (else nothing changes);
 * the form with `checkSchoolSetup`. Then, in one transaction: every unused token is spent, the
 * school (settings: time zone, week days, bells), the person, the account (argon2id) and the
 * administrator role are written, with an audit row. Of two setups at once only the first
 * creates a school.
 */
export async function setUpSchool(
	ctx: Ctx,
	input: { token: string; form: SchoolSetupInput },
	client: Client,
	sessionDays: number
): Promise<Outcome<SignedIn & { message: string }>> {
	const state = await setupLinkState(ctx, input.token);
	if (!state.ok) return state;
	const checked = checkSchoolSetup(input.form);
	if (!checked.ok) return refuse('invalid', checked.reason);
	const { school, admin } = checked.value;
	const passwordHash = await hashPassword(admin.password);
	let created: { accountId: number; schoolId: number };
	try {
		created = await ctx.sql.begin(async (tx) => {
			const tokenId = await spendSetupTokens(tx, sessionIdOf(input.token));
			if (tokenId === undefined) throw new SetupRefused({ code: 'not_found', message: SETUP_MESSAGES.linkInvalid });
			if (await schoolExists(tx)) throw new SetupRefused({ code: 'conflict', message: SETUP_MESSAGES.schoolExists });
			const settings = { timezone: school.timeZone, weekDays: school.weekDays, bells: school.bells };
			const schoolId = await insertSchool(tx, { name: school.name, shortName: school.shortName, settings });
			const personId = await insertPerson(tx, { schoolId, lastName: admin.lastName, firstName: admin.firstName, middleName: admin.middleName });
			const accountId = await insertAccount(tx, { personId, login: admin.login, passwordHash });
			await insertStaffRole(tx, personId, 'admin');
			await writeAudit(tx, {
				actorId: personId,
				action: 'school.setup',
				entity: 'school',
				entityId: schoolId,
				newValue: { name: school.name, shortName: school.shortName, settings, admin: { personId, login: admin.login }, setupTokenId: tokenId }
			});
			return { accountId, schoolId };
		});
	} catch (error) {
		if (error instanceof SetupRefused) return refuse(error.failure.code, error.failure.message);
		throw error;
	}
	rememberSchoolTimeZone(school.timeZone);
	const token = generateSessionToken();
	const session = await createSession(ctx.sql, token, created.accountId, { ...client, days: sessionDays });
	return done({ token, expiresAt: session.expiresAt, accountId: created.accountId, message: SETUP_MESSAGES.created(school.name) });
}
