/** The part of `http_ece` (the encryption web push uses, RFC 8188) the push test reads messages with. */
declare module 'http_ece' {
	import type { ECDH } from 'node:crypto';
	/** Decrypts a push message body for the browser whose key pair and auth secret (base64url) are given. */
	export function decrypt(buffer: Buffer, params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: string }): Buffer;
	const ece: { decrypt: typeof decrypt };
	export default ece;
}
