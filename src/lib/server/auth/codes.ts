/** Activation codes: a fresh random code and the hash it is stored and found by (only the hash is kept). */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { generateRandomString, type RandomReader } from '@oslojs/crypto/random';
import { CODE_ALPHABET, CODE_LENGTH, normalizeCode } from '../../domain/credentials.ts';

const random: RandomReader = {
	read: (bytes) => crypto.getRandomValues(bytes)
};

/** A new code from the platform's secure source (unformatted). */
export function newActivationCode(): string {
	return generateRandomString(random, CODE_ALPHABET, CODE_LENGTH);
}

/** SHA-256 of a normalised code, as stored. */
export function codeHashOf(code: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(normalizeCode(code))));
}
