import assert from 'node:assert/strict';
import {createHook} from 'node:async_hooks';
import {randomBytes, scrypt} from 'node:crypto';
import {describe, it} from 'node:test';
import {signIn, signInFailure} from '../../source/store/accounts.js';
import {scryptParameters, verifyPassword} from '../../source/store/password.js';
import {migratedDatabase} from '../helpers/database.js';
import {runForeignClient} from '../helpers/foreign-client.js';

const password = 'correct horse battery';

/** A hash of `password` in our stored form, derived for real with the given parameters. */
async function realHash(logN: number, r: number, p: number): Promise<string> {
	const salt = randomBytes(16);
	const N = 2 ** logN;
	const key = await new Promise<Buffer>((resolve, reject) => {
		scrypt(password.normalize('NFC'), salt, 32, {N, r, p, maxmem: 128 * r * (N + p) + 32 * 1024 * 1024}, (error, derived) => (error ? reject(error) : resolve(derived)));
	});
	return `$scrypt$ln=${logN},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** The stored form with a key nobody derived: for parameters too costly to derive here, even once. */
function fakeHash(logN: number, r: number, p: number): string {
	return `$scrypt$ln=${logN},r=${r},p=${p}$${randomBytes(16).toString('base64url')}$${randomBytes(32).toString('base64url')}`;
}

/**
 * How many scrypt derivations `work` started: each is a SCRYPTREQUEST async resource, so this watches
 * node:crypto itself, with nothing replaced. A refusal "at once" starts none.
 */
async function scryptCalls<T>(work: () => Promise<T>): Promise<{calls: number; result: T | Error; ms: number}> {
	let calls = 0;
	const hook = createHook({
		init(_id, type) {
			if (type === 'SCRYPTREQUEST') {
				calls++;
			}
		},
	});
	hook.enable();
	const started = performance.now();
	let result: T | Error;
	try {
		result = await work();
	} catch (error) {
		result = error as Error;
	} finally {
		hook.disable();
	}
	return {calls, result, ms: performance.now() - started};
}

describe('a stored hash costs a sign-in at most twice an ordinary one', () => {
	it('hashes written by another program: below, at and at twice our cost sign in; above, absurd or malformed are refused at once, as a wrong password', async t => {
		const {database, file} = await migratedDatabase();
		const {logN, r, p} = scryptParameters;
		assert.deepEqual({logN, r, p}, {logN: 17, r: 8, p: 1}, 'the ordinary cost this table is written against');
		const accepted: Array<[string, string]> = [
			['below', await realHash(16, 8, 1)],
			['ordinary', await realHash(17, 8, 1)],
			['twice-n', await realHash(18, 8, 1)],
			['twice-r', await realHash(17, 16, 1)],
			['twice-p', await realHash(17, 8, 2)],
		];
		const refused: Array<[string, string]> = [
			// Derived for real: before the limit they signed in.
			['four-times', await realHash(18, 8, 2)],
			['three-times-p', await realHash(17, 8, 3)],
			['four-times-n', await realHash(19, 8, 1)],
			// The row: 17.8 s and 2.1 GB for one sign-in.
			['issue', fakeHash(20, 16, 1)],
			['old-ceiling', fakeHash(20, 16, 4)],
			['absurd-n', fakeHash(40, 8, 1)],
			['absurd-r', fakeHash(17, 999, 1)],
			['absurd-p', fakeHash(17, 8, 999)],
			['zero-n', fakeHash(0, 8, 1)],
			['malformed-key', (await realHash(17, 8, 1)).slice(0, -6)],
			['malformed-scheme', (await realHash(17, 8, 1)).replace('$scrypt$', '$bcrypt$')],
			['malformed-text', 'not a hash at all'],
		];
		const script = [...accepted, ...refused]
			.map(([name, hash]) => `INSERT INTO "user" (username, email, password_hash) VALUES ('${name}', '${name}@example.org', '${hash}');`)
			.join('\n');
		await runForeignClient(file, script);

		for (const [name] of accepted) {
			const right = await scryptCalls(async () => signIn(database, name, password));
			assert.ok(!(right.result instanceof Error), `${name}: ${String(right.result)}`);
			assert.equal(right.result.username, name);
			assert.equal(right.calls, 1, `${name}: one derivation`);
			const wrong = await scryptCalls(async () => signIn(database, name, 'wrong password'));
			assert.ok(wrong.result instanceof Error);
			assert.equal(wrong.result.message, signInFailure);
		}
		for (const [name, hash] of refused) {
			const attempt = await scryptCalls(async () => signIn(database, name, password));
			assert.ok(attempt.result instanceof Error, `${name} (${hash}) must be refused`);
			assert.equal(attempt.result.message, signInFailure, name);
			assert.equal(attempt.calls, 0, `${name}: refused without deriving anything`);
			t.diagnostic(`${name}: refused in ${attempt.ms.toFixed(1)} ms`);
		}
		// An unknown user still costs one ordinary derivation, so a missing name and a wrong password look alike.
		const unknown = await scryptCalls(async () => signIn(database, 'nobody-here', password));
		assert.ok(unknown.result instanceof Error);
		assert.equal(unknown.result.message, signInFailure);
		assert.equal(unknown.calls, 1);
	});

	it('verifyPassword refuses a costly hash without deriving, even with the right password', async () => {
		const costly = await realHash(18, 8, 2);
		const check = await scryptCalls(async () => verifyPassword(password, costly));
		assert.equal(check.result, false);
		assert.equal(check.calls, 0);
	});
});
