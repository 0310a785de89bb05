/**
 * The one-time setup link of a new installation: its tokens (only their SHA-256 is stored) and
 * whether a school exists yet. No transactions of their own: the setup command opens one.
 */
import type { Sql, Tx } from './client.ts';

type Q = Sql | Tx;

/** True when the database holds a school. */
export async function schoolExists(sql: Q): Promise<boolean> {
	const [row] = await sql<{ taken: boolean }[]>`select exists (select 1 from school) as taken`;
	return row.taken;
}

/** Stores a new setup token by its hash; returns its id. */
export async function insertSetupToken(sql: Q, tokenHash: string): Promise<number> {
	const [row] = await sql<{ id: number }[]>`insert into setup_token (token_hash) values (${tokenHash}) returning id`;
	return row.id;
}

/** True when an unused token has this hash. */
export async function setupTokenUsable(sql: Q, tokenHash: string): Promise<boolean> {
	const [row] = await sql<{ usable: boolean }[]>`
		select exists (select 1 from setup_token where token_hash = ${tokenHash} and used_at is null) as usable`;
	return row.usable;
}

/**
 * Spends every unused token if the one of this hash is among them; returns the id of that one, or
 * undefined when it is unknown or spent. All unused rows are locked in one order first, so of two
 * setups at once (one token or two) the second waits and then finds nothing left to spend.
 */
export async function spendSetupTokens(tx: Tx, tokenHash: string): Promise<number | undefined> {
	const unused = await tx<{ id: number; token_hash: string }[]>`select id, token_hash from setup_token where used_at is null order by id for update`;
	const mine = unused.find((row) => row.token_hash === tokenHash);
	if (!mine) return undefined;
	await tx`update setup_token set used_at = now() where id = any(${unused.map((row) => row.id)})`;
	return mine.id;
}
