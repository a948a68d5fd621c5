// Issue 19: accounts are unique regardless of case (migration 0006-user-case-unique), and sign-in takes any case of
// the username. Rows another program wrote (`sqlite3` / `psql`) count as ours.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {describe, it} from 'node:test';
import pg from 'pg';
import {upgrade} from '../../source/db/migrator.js';
import {createUser, signIn} from '../../source/store/accounts.js';
import {hashPassword} from '../../source/store/password.js';
import {freshDatabase, migratedDatabase, select} from '../helpers/database.js';
import {testEngine} from '../helpers/engine.js';
import {runForeignClient, sqlText} from '../helpers/foreign-client.js';

async function userCount(database: Awaited<ReturnType<typeof migratedDatabase>>['database']): Promise<number> {
	const [row] = await select<{n: number | string}>(database, 'SELECT count(*) AS n FROM "user"');
	return Number(row!.n);
}

async function poll(check: () => Promise<boolean>, what: string): Promise<void> {
	const started = Date.now();
	while (!(await check())) {
		if (Date.now() - started > 30_000) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

describe(`accounts regardless of case (${testEngine})`, () => {
	it('register refuses JOHN next to john and ANA@example.com next to ana@example.com, written by another program', async () => {
		const {database, file} = await migratedDatabase();
		await runForeignClient(file, `INSERT INTO "user" (username, email) VALUES ('john', 'john@example.com'), ('ana', 'ana@example.com');`);
		await assert.rejects(createUser(database, {username: 'JOHN', email: 'new@example.com', password: 'password1'}), {message: 'that username is taken'});
		await assert.rejects(createUser(database, {username: 'Ana2', email: 'ANA@example.com', password: 'password1'}), {message: 'that email is already registered'});
		assert.equal(await userCount(database), 2, 'nothing inserted');
		const account = await createUser(database, {username: 'Johnny', email: 'Johnny@Example.com', password: 'password1'});
		assert.equal(account.username, 'Johnny', 'kept as typed');
		assert.equal(account.email, 'Johnny@Example.com');
	});

	it('sign-in takes any case of the username and returns the name as stored', async () => {
		const {database} = await migratedDatabase();
		await createUser(database, {username: 'Susan', email: 'susan@example.com', password: 'password1'});
		for (const typed of ['Susan', 'susan', 'SUSAN', 'sUsAn']) {
			assert.equal((await signIn(database, typed, 'password1')).username, 'Susan', typed);
		}
		await assert.rejects(signIn(database, 'SUSAN', 'PASSWORD1'), {message: 'wrong username or password'});
		await assert.rejects(signIn(database, 'susann', 'password1'), {message: 'wrong username or password'});
	});

	it('a user another program named "(no name)" signs in as anyone does; with none so named it is the nameless one (issue 20)', async () => {
		const {database, file} = await migratedDatabase();
		await assert.rejects(signIn(database, '(no name)', 'password1'), {message: /a user without a username cannot sign in/});
		const hash = await hashPassword('password1');
		await runForeignClient(file, `INSERT INTO "user" (username, email, password_hash) VALUES ('(no name)', 'odd@example.com', ${sqlText(hash)});`);
		assert.equal((await signIn(database, '(no name)', 'password1')).email, 'odd@example.com');
		await assert.rejects(signIn(database, '(no name)', 'wrong one'), {message: 'wrong username or password'});
	});

	it('a database not yet at 0006 still works: an exact match wins, an ambiguous case matches nobody, register refuses a third', async () => {
		const {database, file} = await freshDatabase();
		await upgrade(database, '0005-post-change-notify');
		const [first, second] = [await hashPassword('first pass'), await hashPassword('second pass')];
		await runForeignClient(
			file,
			`INSERT INTO "user" (username, email, password_hash) VALUES ('john', 'j1@example.com', ${sqlText(first)}), ('JOHN', 'j2@example.com', ${sqlText(second)});`,
		);
		assert.equal((await signIn(database, 'john', 'first pass')).email, 'j1@example.com');
		assert.equal((await signIn(database, 'JOHN', 'second pass')).email, 'j2@example.com');
		await assert.rejects(signIn(database, 'John', 'first pass'), {message: 'wrong username or password'});
		await assert.rejects(createUser(database, {username: 'JoHn', email: 'j3@example.com', password: 'password1'}), {message: 'that username is taken'});
	});

	it('sign-in and register look a name up through the lower() indexes (EXPLAIN by the engine client)', async () => {
		const {file} = await migratedDatabase();
		const lookups = {
			ix_user_username_lower: `SELECT id, username, email, password_hash FROM "user" WHERE lower(username) = lower('John') ORDER BY id`,
			ix_user_email_lower: `SELECT id FROM "user" WHERE lower(email) = lower('Ana@example.com') LIMIT 1`,
		};
		for (const [index, sql] of Object.entries(lookups)) {
			// An empty table costs a sequential scan nothing on PostgreSQL: ask which index it would use.
			const plan = await runForeignClient(file, testEngine === 'sqlite' ? `EXPLAIN QUERY PLAN ${sql};` : `SET enable_seqscan = off; EXPLAIN ${sql};`);
			assert.match(plan, new RegExp(`(USING INDEX|Index Scan using) ${index}\\b`), plan);
		}
	});

	it('two registrations at once: the one that loses gets the same message, whichever check caught it', async () => {
		const {database, file} = await migratedDatabase();
		const hash = await hashPassword('password1');
		// Another program's insert, committed only once ours has started (and, on PostgreSQL, waits on the index).
		const other = holdInsert(file, `INSERT INTO "user" (username, email, password_hash) VALUES ('mei', 'mei@example.com', ${sqlText(hash)});`);
		await other.inserted;
		const ours = createUser(database, {username: 'MEI', email: 'other@example.com', password: 'password1'});
		const outcome = ours.then(
			() => 'registered',
			(error: Error) => error.message,
		);
		if (testEngine === 'postgres') {
			// Our INSERT passed the check (the row is not committed) and now waits on ix_user_username_lower.
			await poll(
				async () => (await select(database, "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")).length > 0,
				'our insert to wait on the unique index',
			);
		}
		other.commit();
		await other.done;
		assert.equal(await outcome, 'that username is taken');
		assert.equal(await userCount(database), 1);
	});
});

/**
 * Another program's write held open: psql (PostgreSQL) or python3's sqlite3 module (SQLite) runs `sql` in a
 * transaction and commits when told.
 */
function holdInsert(location: string, sql: string): {inserted: Promise<void>; commit: () => void; done: Promise<void>} {
	if (testEngine === 'postgres') {
		const client = new pg.Client({connectionString: location});
		const inserted = client.connect().then(async () => {
			await client.query('BEGIN');
			await client.query(sql);
		});
		let commit!: () => void;
		const done = new Promise<void>(resolve => (commit = resolve)).then(async () => {
			await client.query('COMMIT');
			await client.end();
		});
		return {inserted, commit, done};
	}
	const script = `import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute('BEGIN IMMEDIATE')
db.execute(sys.argv[2])
print('inserted', flush=True)
sys.stdin.readline()
db.execute('COMMIT')
`;
	const child = spawn('python3', ['-c', script, location, sql], {stdio: ['pipe', 'pipe', 'inherit']});
	const inserted = new Promise<void>((resolve, reject) => {
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => chunk.includes('inserted') && resolve());
		child.on('error', reject);
	});
	const done = new Promise<void>((resolve, reject) => child.on('close', code => (code === 0 ? resolve() : reject(new Error(`python3 exited ${code}`)))));
	return {inserted, commit: () => child.stdin.end('\n'), done};
}
