// Signing in with the Flask tutorial's own passwords (Werkzeug hashes) through the store, on a database the
// tutorial's app and Flask-Migrate made (test/helpers/flask-tutorial.ts). Read back by the sqlite3 shell / psql and by
// the tutorial's app (Werkzeug's check_password_hash).
import assert from 'node:assert/strict';
import {createHook} from 'node:async_hooks';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import type {Database} from '../../source/db/connection.js';
import {signIn, signInFailure} from '../../source/store/accounts.js';
import {flaskTutorialDatabase, systemPython, userNamed} from '../helpers/flask-tutorial.js';
import {projectRoot, runProcess} from '../helpers/cli.js';
import type {FlaskTutorialDatabase} from '../helpers/flask-tutorial.js';
import {testEngine} from '../helpers/engine.js';
import {sqlShell} from '../shared-database/foreign-clients.js';

/**
 * How many scrypt and pbkdf2 runs `work` started (node:crypto's own async resources; nothing replaced). On
 * PostgreSQL a new connection's SCRAM authentication runs a pbkdf2 of its own, so only scrypt counts exactly there.
 */
async function derivations<T>(work: () => Promise<T>): Promise<{scrypt: number; pbkdf2: number; result: T | Error}> {
	const counts = {scrypt: 0, pbkdf2: 0};
	const hook = createHook({
		init(_id, type) {
			if (type === 'SCRYPTREQUEST') {
				counts.scrypt++;
			} else if (type === 'PBKDF2REQUEST') {
				counts.pbkdf2++;
			}
		},
	});
	hook.enable();
	try {
		const result = await work().catch((error: unknown) => error as Error);
		return {...counts, result};
	} finally {
		hook.disable();
	}
}

/** docs/flask-tutorial.md's python block (the function a Flask app can check our hashes with), run by the system's Python. */
async function docsCheck(stored: string, password: string): Promise<string> {
	const docs = readFileSync(path.join(projectRoot, 'docs/flask-tutorial.md'), 'utf8');
	const block = /```python\n(import [^\n]*\n\ndef check_microblog_tui_hash[\s\S]*?)```/.exec(docs)?.[1];
	assert.ok(block, 'docs/flask-tutorial.md has the check_microblog_tui_hash block');
	const result = await runProcess(systemPython, ['-c', `${block}\nimport sys\nprint(check_microblog_tui_hash(sys.argv[1], sys.argv[2]))`, stored, password]);
	assert.equal(result.code, 0, result.stderr);
	return result.stdout.trim();
}

async function storedHash(made: FlaskTutorialDatabase, username: string): Promise<string> {
	return sqlShell(made.location, `SELECT COALESCE(password_hash, 'NULL') FROM "user" WHERE username = '${username}'`);
}

// Made once for the file (the tutorial's five `flask` runs take seconds); hooks registered at the top level.
// The 2024 edition's String(256), so that the scrypt and pbkdf2:sha512 users exist on PostgreSQL too.
const made = await flaskTutorialDatabase({passwordHashLength: 256});
const database: Database = await openDatabase(resolveDatabase(made.location), {mode: 'existing'});
after(async () => database.close());

describe(`signing in with the Flask tutorial's passwords (${testEngine})`, () => {

	for (const username of ['susan', 'david', 'ana']) {
		it(`${username}: a wrong password is refused and changes nothing; the right one signs in and the hash is rewritten in our format`, async () => {
			const user = userNamed(made, username);
			const werkzeugHash = user.password_hash!;
			assert.equal(await storedHash(made, username), werkzeugHash);

			const wrong = await derivations(async () => signIn(database, username, 'not the password'));
			assert.ok(wrong.result instanceof Error);
			assert.equal(wrong.result.message, signInFailure);
			// One derivation of the hash's own kind.
			if (werkzeugHash.startsWith('scrypt:')) {
				assert.equal(wrong.scrypt, 1);
			} else {
				assert.equal(wrong.scrypt, 0);
				assert.ok(wrong.pbkdf2 >= 1);
			}
			assert.equal(await storedHash(made, username), werkzeugHash, 'a failed sign-in leaves the hash alone');

			const right = await signIn(database, username, user.password!);
			assert.deepEqual(right, {id: user.id, username, email: user.email});
			const rewritten = await storedHash(made, username);
			assert.match(rewritten, /^\$scrypt\$ln=17,r=8,p=1\$[\w-]+\$[\w-]+$/, 'our own format, read back by the SQL shell');
			// Signing in again goes through our own hash.
			assert.equal((await signIn(database, username, user.password!)).username, username);
			assert.equal(await storedHash(made, username), rewritten);
			// The tutorial's check_password (Werkzeug's check_password_hash) cannot read our format: it raises (Werkzeug
			// 2.2: "TypeError: Missing required parameter 'digestmod'"; 3.x: "ValueError: Invalid hash method ''"), so
			// the Flask app's login fails with an internal error for this user from now on (README says so).
			const flask = await made.app<{ok?: boolean; error?: string}>('check-password', username, user.password!);
			assert.equal(flask.ok, undefined);
			assert.match(flask.error ?? '', /^(TypeError|ValueError): /);
			// docs/flask-tutorial.md's check_microblog_tui_hash, run as written there, reads it.
			assert.equal(await docsCheck(rewritten, user.password!), 'True');
			assert.equal(await docsCheck(rewritten, 'not the password'), 'False');
		});
	}

	it('a user with no password (NULL, or empty) cannot sign in, and is told how to get one, after the same work as a wrong password', async () => {
		const john = userNamed(made, 'john');
		assert.equal(john.password_hash, null);
		for (const hash of ['NULL', "''"]) {
			await sqlShell(made.location, `UPDATE "user" SET password_hash = ${hash} WHERE username = 'john'`);
			const attempt = await derivations(async () => signIn(database, 'john', 'any password at all'));
			assert.ok(attempt.result instanceof Error);
			assert.equal(attempt.result.message, 'john has no password yet: run microblog-tui --set-password john');
			assert.equal(attempt.scrypt, 1, 'one decoy derivation, as for a wrong password');
		}
		const unknown = await derivations(async () => signIn(database, 'nobody', 'any password at all'));
		assert.ok(unknown.result instanceof Error);
		assert.equal(unknown.result.message, signInFailure);
		assert.equal(unknown.scrypt, 1);
	});
});
