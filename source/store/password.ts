import type * as NodeCrypto from 'node:crypto';
import type {ScryptOptions} from 'node:crypto';
import {importModule} from '../import-module.js';

/**
 * node:crypto, loaded when a password is first hashed or checked: loading it takes ~5 ms (measured),
 * and the TUI and the listings start without needing it.
 */
function loadCrypto(): Promise<typeof NodeCrypto> {
	return importModule('node:crypto') as Promise<typeof NodeCrypto>;
}

/** OWASP's scrypt recommendation: N=2^17, r=8, p=1. */
export const scryptParameters = {logN: 17, r: 8, p: 1} as const;
const saltBytes = 16;
const keyBytes = 32;

/**
 * What deriving a key costs: scrypt's work grows with N·r·p, and OpenSSL holds 128·r·N bytes (V) and
 * 128·r·p bytes (B) while it runs.
 */
export function scryptCost(logN: number, r: number, p: number): {work: number; memoryBytes: number} {
	const N = 2 ** logN;
	return {work: N * r * p, memoryBytes: 128 * r * (N + p)};
}

const ordinaryCost = scryptCost(scryptParameters.logN, scryptParameters.r, scryptParameters.p);
/**
 * A stored hash may cost a sign-in at most this many times an ordinary one (our own parameters), in work
 * and in memory: a tampered row with ln=20,r=16,p=1 took 17.8 s and 2.1 GB when the limits were per parameter.
 */
export const maxCostFactor = 2;

/** True when a hash with these parameters costs at most maxCostFactor times our own to check. */
export function affordableParameters(logN: number, r: number, p: number): boolean {
	if (!Number.isInteger(logN) || !Number.isInteger(r) || !Number.isInteger(p) || logN < 1 || r < 1 || p < 1) {
		return false;
	}
	const cost = scryptCost(logN, r, p);
	return cost.work <= maxCostFactor * ordinaryCost.work && cost.memoryBytes <= maxCostFactor * ordinaryCost.memoryBytes;
}

async function derive(password: string, salt: Buffer, logN: number, r: number, p: number, length: number): Promise<Buffer> {
	const {scrypt} = await loadCrypto();
	const N = 2 ** logN;
	// scrypt needs 128 * N * r bytes; leave headroom above Node's 32 MiB default.
	const options: ScryptOptions = {N, r, p, maxmem: 128 * N * r + 16 * 1024 * 1024};
	return new Promise((resolve, reject) => {
		scrypt(password.normalize('NFC'), salt, length, options, (error, key) => {
			if (error) {
				reject(error);
			} else {
				resolve(key);
			}
		});
	});
}

/**
 * A self-describing PHC-like string: `$scrypt$ln=17,r=8,p=1$<salt>$<hash>`,
 * base64 without padding; 86 characters, well inside VARCHAR(128).
 */
export async function hashPassword(password: string): Promise<string> {
	const {logN, r, p} = scryptParameters;
	const {randomBytes} = await loadCrypto();
	const salt = randomBytes(saltBytes);
	const key = await derive(password, salt, logN, r, p, keyBytes);
	return `$scrypt$ln=${logN},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

type ParsedHash = {logN: number; r: number; p: number; salt: Buffer; key: Buffer};

export function parsePasswordHash(stored: string): ParsedHash | undefined {
	const match = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(stored);
	if (!match) {
		return undefined;
	}
	const [, ln, r, p, salt, key] = match;
	const parsed = {
		logN: Number(ln),
		r: Number(r),
		p: Number(p),
		salt: Buffer.from(salt!, 'base64url'),
		key: Buffer.from(key!, 'base64url'),
	};
	if (
		!affordableParameters(parsed.logN, parsed.r, parsed.p) ||
		parsed.salt.length < 8 ||
		// Only our own length: a truncated key would otherwise verify as its prefix.
		parsed.key.length !== keyBytes
	) {
		return undefined;
	}
	return parsed;
}

/** A hash in Werkzeug's `method$salt$hash` form (pbkdf2:… or scrypt:…), whatever its parameters. */
export function isWerkzeugHash(stored: string): boolean {
	return /^(?:pbkdf2|scrypt):[^$]*\$[^$]*\$/.test(stored);
}

/**
 * The salt a check derives with when there is no usable hash (no such user, a malformed row), so that
 * it costs what a real check costs. It was a whole decoy hash, made by the first such check: that
 * check ran scrypt twice and took twice as long as a wrong password for a real user.
 */
let decoySalt: Buffer | undefined;

/**
 * True when `password` matches `stored`; false for a wrong password, and at once, without deriving
 * anything, for a stored hash that is malformed or would cost more than maxCostFactor times our own.
 */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
	if (stored && isWerkzeugHash(stored)) {
		// The Flask tutorial's hashes (werkzeug-hash.ts), loaded only for them.
		const {verifyWerkzeugHash} = await import('./werkzeug-hash.js');
		return verifyWerkzeugHash(password, stored);
	}
	const parsed = stored ? parsePasswordHash(stored) : undefined;
	if (stored && !parsed) {
		// Only a row written outside the app is unusable; refusing it costs nothing, whatever it asks for.
		return false;
	}
	const {randomBytes, timingSafeEqual} = await loadCrypto();
	if (!parsed) {
		// No user, or no password: spend the same time as a real check so the answer does not say which.
		decoySalt ??= randomBytes(saltBytes);
		await derive(password, decoySalt, scryptParameters.logN, scryptParameters.r, scryptParameters.p, keyBytes);
		return false;
	}
	const key = await derive(password, parsed.salt, parsed.logN, parsed.r, parsed.p, parsed.key.length);
	return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}
