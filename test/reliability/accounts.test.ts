import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {User} from '../../source/db/models/index.js';
import {createUser, signIn, signInFailure} from '../../source/store/accounts.js';
import {hashPassword, parsePasswordHash, verifyPassword} from '../../source/store/password.js';
import {migratedDatabase, select} from '../helpers/database.js';

/**
 * The CPU time this process spent (scrypt runs on libuv's threads, which getrusage counts): the work a
 * sign-in does, which other processes' load does not change. Two full runs of the suite failed on wall
 * time while another test file ran beside this one (the unknown user's sign-ins took 1.7 and 3.1 s
 * against 0.7 and 1.1 s, in the same rounds both times).
 */
async function timed<T>(work: () => Promise<T>): Promise<{cpuMs: number; result: T | Error}> {
	const cpu = process.cpuUsage();
	let result: T | Error;
	try {
		result = await work();
	} catch (error) {
		result = error as Error;
	}
	const spent = process.cpuUsage(cpu);
	return {cpuMs: (spent.user + spent.system) / 1000, result};
}

describe('accounts under attack', () => {
	it('stored hashes carry their parameters', async () => {
		const {database} = await migratedDatabase();
		await createUser(database, {username: 'ada', email: 'ada@example.com', password: 'lovelace1843'});
		const [row] = await select<{password_hash: string}>(database, `SELECT password_hash FROM "user" WHERE username = 'ada'`);
		assert.deepEqual(
			{...parsePasswordHash(row!.password_hash), salt: undefined, key: undefined},
			{logN: 17, r: 8, p: 1, salt: undefined, key: undefined},
		);
	});

	it('a tampered row with absurd parameters (N=2^40) is refused at once, not computed', async t => {
		const {database} = await migratedDatabase();
		const good = await hashPassword('secret-password');
		await User.create({username: 'mallory', email: 'm@example.com', password_hash: good.replace('ln=17', 'ln=40')});
		await User.create({username: 'trudy', email: 't@example.com', password_hash: good.replace('r=8', 'r=999')});
		await User.create({username: 'oscar', email: 'o@example.com', password_hash: good});
		// The yardstick is an ordinary failed sign-in on this machine, now: a loaded runner slows both alike. "Now" is
		// measured on both sides of each refusal, so a burst of load that starts after one yardstick cannot fail the check.
		await assert.rejects(signIn(database, 'nobody-here', 'x'));
		const yardstick = async () => {
			const {cpuMs, result} = await timed(async () => signIn(database, 'oscar', 'wrong-password'));
			assert.ok(result instanceof Error);
			return cpuMs;
		};
		let before = await yardstick();
		for (const username of ['mallory', 'trudy']) {
			const {cpuMs, result} = await timed(async () => signIn(database, username, 'secret-password'));
			const after = await yardstick();
			const baseline = Math.max(before, after);
			assert.ok(result instanceof Error);
			assert.equal(result.message, signInFailure);
			// Refused without computing: the same one decoy scrypt as any failure (N=2^40 with r=8 would need 1 PiB of memory).
			assert.ok(cpuMs < 3 * baseline + 1000, `refused in ${Math.round(cpuMs)} ms of CPU, an ordinary failure takes ${Math.round(baseline)} ms`);
			t.diagnostic(`${username}: refused in ${Math.round(cpuMs)} ms of CPU (an ordinary failed sign-in: ${Math.round(baseline)} ms)`);
			before = after;
		}
	});

	it('hashes of the wrong length or shape do not crash verification', async () => {
		const good = await hashPassword('pw-12345678');
		const broken = [
			good.slice(0, -5),
			`${good}AAAA`,
			good.replace(/\$[^$]+$/, '$'),
			good.replace('$scrypt$', '$bcrypt$'),
			'$scrypt$ln=17,r=8,p=1$$',
			'',
			'x'.repeat(128),
		];
		for (const stored of broken) {
			assert.equal(await verifyPassword('pw-12345678', stored), false, `rejects ${JSON.stringify(stored)}`);
		}
	});

	it('sign-in failures say the same thing and take about the same time whether or not the user exists', async t => {
		const {database} = await migratedDatabase();
		await createUser(database, {username: 'victor', email: 'victor@example.com', password: 'right-password'});
		const existing: number[] = [];
		const missing: number[] = [];
		const ratios: number[] = [];
		for (let round = 0; round < 3; round++) {
			// Each pair back to back, in alternating order: the load of a shared machine changes between rounds
			// (another test file starting, a scrypt of its own), far less within one pair.
			const existingFirst = round % 2 === 0;
			const first = await timed(async () => signIn(database, existingFirst ? 'victor' : 'nobody-here', 'wrong-password'));
			const second = await timed(async () => signIn(database, existingFirst ? 'nobody-here' : 'victor', 'wrong-password'));
			const [a, b] = existingFirst ? [first, second] : [second, first];
			assert.ok(a.result instanceof Error && b.result instanceof Error);
			assert.equal(a.result.message, b.result.message);
			existing.push(a.cpuMs);
			missing.push(b.cpuMs);
			ratios.push(a.cpuMs / b.cpuMs);
		}
		const median = (values: number[]) => [...values].sort((x, y) => x - y)[1]!;
		const ratio = median(ratios);
		// Both run one scrypt with the same parameters; machine noise stays well inside 2x.
		assert.ok(ratio > 0.5 && ratio < 2, `CPU time: existing ${existing.map(ms => ms.toFixed(0)).join('/')} ms vs missing ${missing.map(ms => ms.toFixed(0)).join('/')} ms (median ratio ${ratio.toFixed(2)})`);
		t.diagnostic(`median failed sign-in, CPU time: existing user ${median(existing).toFixed(0)} ms, unknown user ${median(missing).toFixed(0)} ms (median ratio of the pairs ${ratio.toFixed(2)})`);
	});
});
