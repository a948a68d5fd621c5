// `--set-password NAME`, run by the built binary in a pseudo-terminal (it prompts twice with no echo), on a database
// where another program added a user without a password (the Flask tutorial's NULL password_hash). The hash is read
// back by the engine's own client (sqlite3 / psql), and the user then signs in through the store.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {signIn, signInFailure} from '../../source/store/accounts.js';
import {startCliInPty} from '../helpers/cli-pty.js';
import type {PtySession} from '../helpers/cli-pty.js';
import {runCli} from '../helpers/cli.js';
import {migratedDatabase} from '../helpers/database.js';
import {testEngine} from '../helpers/engine.js';
import {runForeignClient} from '../helpers/foreign-client.js';
import {waitFor} from '../helpers/tui.js';

const {database, file: location} = await migratedDatabase();
await runForeignClient(
	location,
	`INSERT INTO "user" (username, email, password_hash) VALUES ('john', 'john@example.com', NULL);\nINSERT INTO "user" (username, email, password_hash) VALUES ('susan', 'susan@example.com', NULL);\n`,
);

async function storedHash(username: string): Promise<string> {
	return (await runForeignClient(location, `SELECT COALESCE(password_hash, 'NULL') FROM "user" WHERE username = '${username}';\n`)).trim();
}

function startSetPassword(username: string): PtySession {
	return startCliInPty(['--set-password', username, '-d', location]);
}

async function prompted(session: PtySession, text: string, count = 1): Promise<void> {
	await waitFor(() => session.output().split(text).length > count, {what: `"${text}" (output so far: ${JSON.stringify(session.output())})`});
}

/** What the terminal showed, without escape sequences, one trimmed line each. */
function lines(output: string): string[] {
	return output
		.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
		.split(/\r?\n/)
		.map(line => line.trim())
		.filter(line => line !== '');
}

describe(`--set-password (${testEngine})`, () => {
	it('prompts twice without echo, stores our hash in one write, never shows the password; the user then signs in', async () => {
		const password = 'tr0ub4dor&3-horse';
		await assert.rejects(signIn(database, 'john', password), {message: 'john has no password yet: run microblog-tui --set-password john'});
		const session = startSetPassword('john');
		await prompted(session, 'New password for john: ');
		session.write(`${password}x\x7f\r`);
		await prompted(session, 'Repeat it: ');
		session.write(`${password}\r`);
		assert.equal(await session.exited, 0, session.output());
		assert.ok(!session.output().includes(password.slice(0, 6)), `the password never reaches the terminal: ${JSON.stringify(session.output())}`);
		assert.deepEqual(lines(session.output()), ['New password for john:', 'Repeat it:', 'password set for john']);
		assert.match(await storedHash('john'), /^\$scrypt\$ln=17,r=8,p=1\$[\w-]+\$[\w-]+$/);
		assert.equal((await signIn(database, 'john', password)).username, 'john');
		await assert.rejects(signIn(database, 'john', `${password}x`), {message: signInFailure});
	});

	it('refuses two different passwords, changing nothing (exit 1)', async () => {
		const session = startSetPassword('susan');
		await prompted(session, 'New password for susan: ');
		session.write('first-password\r');
		await prompted(session, 'Repeat it: ');
		session.write('second-password\r');
		assert.equal(await session.exited, 1);
		assert.deepEqual(lines(session.output()).slice(2), ['microblog-tui: the passwords do not match; nothing changed']);
		assert.equal(await storedHash('susan'), 'NULL');
	});

	it('refuses a password shorter than 8 characters, changing nothing (exit 1)', async () => {
		const session = startSetPassword('susan');
		await prompted(session, 'New password for susan: ');
		session.write('short\r');
		await prompted(session, 'Repeat it: ');
		session.write('short\r');
		assert.equal(await session.exited, 1);
		assert.deepEqual(lines(session.output()).slice(2), ['microblog-tui: password must be at least 8 characters; nothing changed']);
		assert.equal(await storedHash('susan'), 'NULL');
	});

	it('Ctrl-C at either prompt exits 130 with nothing changed', async () => {
		for (const atSecond of [false, true]) {
			const session = startSetPassword('susan');
			await prompted(session, 'New password for susan: ');
			if (atSecond) {
				session.write('long-enough-password\r');
				await prompted(session, 'Repeat it: ');
			}
			session.write('abc\x03');
			assert.equal(await session.exited, 130, session.output());
			assert.match(lines(session.output()).at(-1)!, /^microblog-tui: cancelled; nothing changed$/);
			assert.equal(await storedHash('susan'), 'NULL');
		}
	});

	it('Ctrl-D on an empty line gives up (exit 1), with nothing changed', async () => {
		const session = startSetPassword('susan');
		await prompted(session, 'New password for susan: ');
		session.write('\x04');
		assert.equal(await session.exited, 1, session.output());
		assert.equal(lines(session.output()).at(-1), 'microblog-tui: no password given; nothing changed');
		assert.equal(await storedHash('susan'), 'NULL');
	});

	it('refuses an unknown user before prompting (exit 1), and a stdin that is not a terminal (exit 2)', async () => {
		const session = startSetPassword('nobody');
		assert.equal(await session.exited, 1);
		assert.deepEqual(lines(session.output()), ['microblog-tui: no user named nobody; nothing changed']);
		const piped = await runCli(['--set-password', 'susan', '-d', location], {input: 'long-enough-password\nlong-enough-password\n'});
		assert.equal(piped.code, 2);
		assert.equal(piped.stderr, 'microblog-tui: --set-password prompts for the password and needs a terminal; nothing changed\n');
		assert.equal(piped.stdout, '');
		assert.equal(await storedHash('susan'), 'NULL');
	});

	it('is in --help; is a usage error without a name, or with another command', async () => {
		assert.match((await runCli(['--help'])).stdout, /--set-password NAME +give NAME a password \(prompted twice, no echo\)/);
		const bare = await runCli(['--set-password', '-d', location]);
		assert.equal(bare.code, 2);
		assert.match(bare.stderr, /^microblog-tui: --set-password needs a user name\n$/);
		const both = await runCli(['--set-password', 'john', '--migrate', '-d', location]);
		assert.equal(both.code, 2);
		assert.equal(both.stderr, 'microblog-tui: choose one of --migrate, --set-password\n');
	});
});
