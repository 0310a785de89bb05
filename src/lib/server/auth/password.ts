/** Password hashing: argon2id with the parameters the Lucia guide recommends (OWASP minimum). */
import { hash, verify } from '@node-rs/argon2';

const PARAMS = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 } as const;

/** Hashes a password with argon2id (the library's default algorithm). */
export function hashPassword(password: string): Promise<string> {
	return hash(password, PARAMS);
}

/** True when the password matches the stored hash; false for a malformed hash too. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

// A hash of a random password, verified against when the login is unknown, so a wrong login
// and a wrong password take the same time.
let dummy: Promise<string> | undefined;
/** A hash to burn the same time on when no account matched. */
export function dummyHash(): Promise<string> {
	dummy ??= hashPassword(crypto.randomUUID());
	return dummy;
}
