import type * as NodeCrypto from 'node:crypto';
import {importModule} from '../import-module.js';
import {affordableParameters} from './password.js';

/**
 * Password hashes written by Werkzeug's generate_password_hash (the Flask Mega-Tutorial's User.set_password), as
 * werkzeug/security.py makes and checks them (2.2 and 3.1 read):
 * - `pbkdf2:<hash>:<iterations>$<salt>$<hex>`: hashlib.pbkdf2_hmac(hash, password, salt, iterations), key as long as
 *   the digest. Werkzeug's default is pbkdf2:sha256 with 260,000 iterations (2.2), 600,000 (2.3), 1,000,000 (3.1).
 * - `scrypt:<n>:<r>:<p>$<salt>$<hex>`: hashlib.scrypt(password, salt, n, r, p), a 64-byte key; the default of
 *   Werkzeug 3.x, 32768:8:1.
 * The salt is used as its UTF-8 text (Werkzeug makes 16 letters and digits), the password as UTF-8 without any
 * normalisation (Werkzeug's `password.encode()`), and the key is lowercase hex (Werkzeug compares the hex text).
 * Werkzeug's older methods (`plain`, a salted `sha256$…` HMAC) and a pbkdf2 without iterations are refused.
 */
export type WerkzeugHash =
	| {kind: 'pbkdf2'; digest: 'sha256' | 'sha512'; iterations: number; salt: string; key: Buffer}
	| {kind: 'scrypt'; logN: number; r: number; p: number; salt: string; key: Buffer};

/**
 * At most this many PBKDF2 iterations, for either digest: 2× Werkzeug 3.1's default. Measured here with Node's
 * pbkdf2 against our own scrypt (ln=17, r=8, p=1): sha256 costs ~0.3× an ordinary sign-in per million iterations and
 * sha512 ~0.9× (docs/flask-tutorial.md), so 2,000,000 stays within store/password.ts's maxCostFactor (2× an
 * ordinary sign-in) for both. A stored hash asking for more is refused without deriving anything.
 */
export const maxPbkdf2Iterations = 2_000_000;

const digestHexLength = {sha256: 64, sha512: 128} as const;
const scryptKeyBytes = 64;

/** The hash when it is one this program verifies at an affordable cost; undefined otherwise. */
export function parseWerkzeugHash(stored: string): WerkzeugHash | undefined {
	const pbkdf2 = /^pbkdf2:(sha256|sha512):(\d{1,8})\$([^$]{1,64})\$([0-9a-f]+)$/.exec(stored);
	if (pbkdf2) {
		const [, digest, iterations, salt, hex] = pbkdf2 as unknown as [string, 'sha256' | 'sha512', string, string, string];
		const count = Number(iterations);
		if (count < 1 || count > maxPbkdf2Iterations || hex.length !== digestHexLength[digest]) {
			return undefined;
		}
		return {kind: 'pbkdf2', digest, iterations: count, salt, key: Buffer.from(hex, 'hex')};
	}
	const scrypt = /^scrypt:(\d{1,8}):(\d{1,3}):(\d{1,3})\$([^$]{1,64})\$([0-9a-f]+)$/.exec(stored);
	if (scrypt) {
		const [, n, r, p, salt, hex] = scrypt as unknown as [string, string, string, string, string, string];
		const logN = Math.log2(Number(n));
		// The same limit as our own hashes (at most maxCostFactor times an ordinary sign-in, in work and in memory).
		if (!Number.isInteger(logN) || !affordableParameters(logN, Number(r), Number(p)) || hex.length !== scryptKeyBytes * 2) {
			return undefined;
		}
		return {kind: 'scrypt', logN, r: Number(r), p: Number(p), salt, key: Buffer.from(hex, 'hex')};
	}
	return undefined;
}

async function derive(crypto: typeof NodeCrypto, password: string, hash: WerkzeugHash): Promise<Buffer> {
	const secret = Buffer.from(password, 'utf8');
	const salt = Buffer.from(hash.salt, 'utf8');
	return new Promise((resolve, reject) => {
		const done = (error: Error | null, key: Buffer) => (error ? reject(error) : resolve(key));
		if (hash.kind === 'pbkdf2') {
			crypto.pbkdf2(secret, salt, hash.iterations, hash.key.length, hash.digest, done);
		} else {
			const N = 2 ** hash.logN;
			crypto.scrypt(secret, salt, hash.key.length, {N, r: hash.r, p: hash.p, maxmem: 128 * N * hash.r + 16 * 1024 * 1024}, done);
		}
	});
}

/** True when `password` matches a Werkzeug hash; false for a wrong one, and at once for a hash it refuses to check. */
export async function verifyWerkzeugHash(password: string, stored: string): Promise<boolean> {
	const parsed = parseWerkzeugHash(stored);
	if (!parsed) {
		return false;
	}
	const crypto = (await importModule('node:crypto')) as typeof NodeCrypto;
	const key = await derive(crypto, password, parsed);
	return key.length === parsed.key.length && crypto.timingSafeEqual(key, parsed.key);
}
