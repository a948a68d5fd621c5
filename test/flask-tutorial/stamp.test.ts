// --stamp and the Flask-Migrate database: refused with the commands that adopt it, stamped only when the schema holds
// what the migrations make, never writing alembic_version; read back by sqlite3/psql and run by the tutorial's app.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {testEngine} from '../helpers/engine.js';
import {flaskTutorialDatabase} from '../helpers/flask-tutorial.js';
import type {FlaskTutorialDatabase} from '../helpers/flask-tutorial.js';
import {isPostgres, sqlShell, waitUntil} from '../shared-database/foreign-clients.js';

const looser = [
	'column post.body is nullable, expected NOT NULL',
	'column post.timestamp is nullable, expected NOT NULL',
	'column post.user_id is nullable, expected NOT NULL',
	'column user.username is nullable, expected NOT NULL',
	'column user.email is nullable, expected NOT NULL',
];

/** What the tutorial's PostgreSQL schema adds: SQLAlchemy's DateTime is a naive timestamp there. */
function expectedLooser(location: string): string[] {
	return isPostgres(location)
		? [...looser.slice(0, 1), 'column post.timestamp has type TIMESTAMP WITHOUT TIME ZONE, expected TIMESTAMP WITH TIME ZONE', ...looser.slice(1)]
		: looser;
}

async function cli(made: FlaskTutorialDatabase, ...args: string[]) {
	return runCli(['--database', made.location, ...args]);
}

/** The tables in the database, as the engine's own shell lists them. */
async function tables(location: string): Promise<string[]> {
	const sql = isPostgres(location)
		? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
		: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1";
	return (await sqlShell(location, sql)).split('\n');
}

// Made at the top level: the temp dir or database goes when the file ends (made in a hook, it would go with the hook).
const made = await flaskTutorialDatabase();

describe(`--stamp and the Flask-Migrate database (${testEngine})`, () => {
	it('is refused by every command with what it is and the exact commands that adopt it; nothing is written', async () => {
		const option = `--database '${made.location.replace(/:[^:@/]+@/, ':***@')}'`;
		for (const args of [['--migrate'], ['--status'], ['--check'], ['--list', 'posts'], ['--seed']]) {
			const result = await cli(made, ...args);
			assert.equal(result.code, 1, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
			const lines = result.stderr.trimEnd().split('\n');
			assert.match(lines[0]!, new RegExp(`is a Flask-Migrate database \\(alembic_version at revision ${made.revision}\\) with the Flask Mega-Tutorial's user and post tables, not yet adopted by microblog-tui; nothing was changed\\. To adopt it`));
			assert.deepEqual(lines.slice(1), [`  microblog-tui ${option} --stamp 0002-create-post`, `  microblog-tui ${option} --migrate`], args.join(' '));
			assert.doesNotMatch(result.stderr, /at \w+ \(|node:internal/, 'no stack trace');
		}
		assert.deepEqual(await tables(made.location), ['alembic_version', 'post', 'user']);
		assert.equal(await sqlShell(made.location, 'SELECT version_num FROM alembic_version'), made.revision);
	});

	it('--stamp at a migration whose index is missing is refused, naming it; nothing is written', async () => {
		const damaged = await flaskTutorialDatabase();
		await sqlShell(damaged.location, 'DROP INDEX ix_post_timestamp');
		const result = await cli(damaged, '--stamp', '0002-create-post');
		assert.equal(result.code, 1, result.stdout);
		assert.deepEqual(result.stderr.trimEnd().split('\n'), [
			`microblog-tui: cannot stamp ${damaged.location.replace(/:[^:@/]+@/, ':***@')} at 0002-create-post: its schema lacks what those 2 migrations make; nothing was changed:`,
			'  index ix_post_timestamp on post is missing',
		]);
		assert.deepEqual(await tables(damaged.location), ['alembic_version', 'post', 'user'], 'no SequelizeMeta table either');
	});

	it('--stamp at the newest migration is refused: the tutorial has none of 0003–0006', async () => {
		const result = await cli(made, '--stamp', '0006-user-case-unique');
		assert.equal(result.code, 1, result.stdout);
		const trigger = isPostgres(made.location) ? ['  trigger post_changed_notify on post is missing'] : ['  trigger post_timestamp_utc_insert on post is missing', '  trigger post_timestamp_utc_update on post is missing'];
		assert.deepEqual(result.stderr.trimEnd().split('\n').slice(1).sort(), [
			'  index ix_post_timestamp_id on post is missing',
			'  index ix_post_user_id_timestamp_id on post is missing',
			...trigger,
			'  index ix_user_email_lower on user is missing',
			'  index ix_user_username_lower on user is missing',
		].sort());
		assert.deepEqual(await tables(made.location), ['alembic_version', 'post', 'user']);
	});

	it('an unknown name is refused with the known ones; a missing name is bad usage', async () => {
		const unknown = await cli(made, '--stamp', 'nope');
		assert.equal(unknown.code, 1);
		assert.match(unknown.stderr, /^microblog-tui: unknown migration 'nope' \(known: 0001-create-user, 0002-create-post, /);
		const missing = await cli(made, '--stamp', ' ');
		assert.equal(missing.code, 2);
		assert.match(missing.stderr, /--stamp needs a migration name \(or base\)/);
	});

	it('adopts the tutorial database: --stamp records without running, --migrate runs the rest, --check lists the known differences', async () => {
		const stamped = await cli(made, '--stamp', '0002-create-post');
		assert.equal(stamped.code, 0, stamped.stderr);
		assert.deepEqual(stamped.stdout.trimEnd().split('\n'), [
			'stamped  0001-create-user  (recorded as applied; not run)',
			'stamped  0002-create-post  (recorded as applied; not run)',
			'accepted, as known differences of an adopted schema:',
			...expectedLooser(made.location).map(line => `  ${line}`),
			`${made.location.replace(/:[^:@/]+@/, ':***@')} is now at 0002-create-post; microblog-tui --migrate runs the 4 pending`,
		]);
		// Recorded, with no time: never run here. alembic_version is the tutorial's, untouched.
		assert.equal(await sqlShell(made.location, `SELECT name || '|' || COALESCE(CAST(applied_at AS TEXT), 'NULL') FROM "SequelizeMeta" ORDER BY name`), '0001-create-user|NULL\n0002-create-post|NULL');
		assert.equal(await sqlShell(made.location, 'SELECT version_num FROM alembic_version'), made.revision);

		const status = await cli(made, '--status');
		assert.equal(status.code, 0, status.stderr);
		assert.match(status.stdout, /^ {2}0001-create-user +stamped {2}\(recorded by --stamp, not run here\)$/m);
		assert.match(status.stdout, /^> 0002-create-post +stamped {2}\(recorded by --stamp, not run here\) {2}\(current\)$/m);
		assert.match(status.stdout, /^current: 0002-create-post; 4 pending$/m);

		const migrated = await cli(made, '--migrate');
		assert.equal(migrated.code, 0, migrated.stderr);
		assert.deepEqual(
			[...migrated.stdout.matchAll(/^applied {2}(\S+)/gm)].map(match => match[1]),
			['0003-feed-indexes', '0004-post-timestamp-utc', '0005-post-change-notify', '0006-user-case-unique'],
		);

		const check = await cli(made, '--check');
		assert.equal(check.code, 0, check.stdout + check.stderr);
		const lines = check.stdout.trimEnd().split('\n');
		assert.equal(lines[0], `ok: ${made.location.replace(/:[^:@/]+@/, ':***@')} is at 0006-user-case-unique and matches the models, apart from ${expectedLooser(made.location).length} known differences of an adopted schema:`);
		assert.deepEqual(lines.slice(1, 1 + expectedLooser(made.location).length).sort(), expectedLooser(made.location).map(line => `  ${line}`).sort());
		assert.equal(lines.at(-1), '(microblog-tui --migrate --to 0007-tighten-adopted-schema removes them where the rows allow)');
		// The optional tightening is not pending: --status counts nothing, and shows how to run it.
		const after = await cli(made, '--status');
		assert.match(after.stdout, /^ {2}0007-tighten-adopted-schema +optional \(--migrate --to 0007-tighten-adopted-schema runs it\)$/m);
		assert.match(after.stdout, /^current: 0006-user-case-unique; up to date$/m);

		// Stamping the optional tightening would record what it does without doing it: refused while the columns are loose.
		const tightened = await cli(made, '--stamp', '0007-tighten-adopted-schema');
		assert.equal(tightened.code, 1, tightened.stdout);
		assert.deepEqual(
			tightened.stderr.trimEnd().split('\n').slice(1).sort(),
			expectedLooser(made.location).map(line => `  ${line}`).sort(),
		);
		assert.equal(await sqlShell(made.location, `SELECT count(*) FROM "SequelizeMeta" WHERE name = '0007-tighten-adopted-schema'`), '0');

		// The tutorial's own migrations still find nothing to do, and its record is as it was.
		await made.app('db', 'upgrade');
		assert.equal(await sqlShell(made.location, 'SELECT version_num FROM alembic_version'), made.revision);
		assert.deepEqual(await made.app('count'), {users: made.users.length, posts: made.posts.length});
	});

	it('--stamp base forgets every record and changes no table', async () => {
		const other = await flaskTutorialDatabase();
		assert.equal((await cli(other, '--stamp', '0002-create-post')).code, 0);
		const forgot = await cli(other, '--stamp', 'base');
		assert.equal(forgot.code, 0, forgot.stderr);
		assert.match(forgot.stdout, /^forgot {3}0001-create-user/m);
		assert.match(forgot.stdout, /^forgot {3}0002-create-post/m);
		assert.equal(await sqlShell(other.location, 'SELECT count(*) FROM "SequelizeMeta"'), '0');
		assert.equal(await sqlShell(other.location, 'SELECT count(*) FROM post'), String(other.posts.length));
		// With no record it is the Flask-Migrate database again: the refusal says so.
		assert.match((await cli(other, '--migrate')).stderr, /is a Flask-Migrate database/);
	});

	// PostgreSQL's migration lock is an advisory lock; SQLite's is the IMMEDIATE transaction every write takes.
	const onPostgres = testEngine === 'postgres' ? it : undefined;
	onPostgres?.('waits for the migration lock that another runner holds, then records', async () => {
		const other = await flaskTutorialDatabase();
		// psql holds the lock every migration run takes, in an open transaction.
		const holder = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', other.location], {stdio: ['pipe', 'pipe', 'pipe']});
		holder.stdin.write("BEGIN;\nSELECT pg_advisory_xact_lock(hashtext('microblog-tui:SequelizeMeta'));\nSELECT 'held';\n");
		let held = '';
		holder.stdout.setEncoding('utf8').on('data', (chunk: string) => (held += chunk));
		await waitUntil(() => held.includes('held'), 'psql to hold the lock');
		const stamping = cli(other, '--stamp', '0002-create-post');
		// The stamp is queued behind psql's lock: a waiting advisory lock, and nothing recorded yet.
		await waitUntil(async () => (await sqlShell(other.location, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) === '1', 'the stamp to wait for the lock');
		assert.equal(await sqlShell(other.location, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'SequelizeMeta'"), '0');
		holder.stdin.end('COMMIT;\n');
		const result = await stamping;
		assert.equal(result.code, 0, result.stderr);
		assert.equal(await sqlShell(other.location, 'SELECT count(*) FROM "SequelizeMeta"'), '2');
	});
});
