// The optional migration 0007-tighten-adopted-schema on the Flask tutorial's own database (made by Flask-Migrate,
// stamped and migrated: test/helpers/adopted-tutorial.ts), run by the built binary, read back by the sqlite3 shell or
// psql and by the tutorial's own app.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {adoptedTutorialDatabase} from '../helpers/adopted-tutorial.js';
import {runCli} from '../helpers/cli.js';
import {userNamed} from '../helpers/flask-tutorial.js';
import {newDatabaseLocation, testEngine} from '../helpers/engine.js';
import {isPostgres, sqlShell} from '../shared-database/foreign-clients.js';

const step = '0007-tighten-adopted-schema';
const tightened = ['post.body', 'post.timestamp', 'post.user_id', 'user.email', 'user.username'];

async function migrateTo(location: string) {
	return runCli(['--database', location, '--migrate', '--to', step]);
}

/** `table.column=nullable` for the five columns the step tightens, and on PostgreSQL post.timestamp's type. */
async function looseness(location: string): Promise<string[]> {
	const sql = isPostgres(location)
		? `SELECT table_name || '.' || column_name || '=' || is_nullable || (CASE WHEN column_name = 'timestamp' THEN ' ' || data_type ELSE '' END)
			FROM information_schema.columns WHERE table_schema = current_schema() AND table_name IN ('user', 'post') AND column_name <> 'id' AND column_name <> 'password_hash' ORDER BY 1`
		: `SELECT t || '.' || name || '=' || (CASE WHEN "notnull" THEN 'NO' ELSE 'YES' END) FROM (
			SELECT 'post' AS t, name, "notnull" FROM pragma_table_info('post') UNION ALL SELECT 'user', name, "notnull" FROM pragma_table_info('user'))
			WHERE name NOT IN ('id', 'password_hash') ORDER BY 1`;
	return (await sqlShell(location, sql)).split('\n');
}

function expectedLooseness(location: string, nullable: boolean): string[] {
	return tightened.map(column => {
		const type = column === 'post.timestamp' && isPostgres(location) ? (nullable ? ' timestamp without time zone' : ' timestamp with time zone') : '';
		return `${column}=${nullable ? 'YES' : 'NO'}${type}`;
	});
}

/** Every row of user and post; a time as seconds since the epoch (a naive PostgreSQL timestamp read as UTC). */
async function rows(location: string): Promise<string> {
	const time = isPostgres(location) ? `extract(epoch from "timestamp")::text` : `"timestamp"`;
	return sqlShell(
		location,
		`SELECT id, username, email, password_hash FROM "user" ORDER BY id; SELECT id, body, ${time}, user_id FROM post ORDER BY id`,
	);
}

/** Indexes, triggers, constraints and views: what the step must keep (tables and columns are compared apart). */
async function schemaObjects(location: string): Promise<string> {
	return isPostgres(location)
		? sqlShell(
				location,
				`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1;
				SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1;
				SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND contype <> 'n' ORDER BY 1;`,
			)
		: sqlShell(location, `SELECT type, name, tbl_name, coalesce(sql, '(auto)') FROM sqlite_master WHERE type IN ('index', 'trigger', 'view') ORDER BY name`);
}

/** Everything but the migrator's own records: schema text and rows. */
async function wholeDatabase(location: string): Promise<string> {
	const schema = isPostgres(location)
		? await sqlShell(
				location,
				`SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY 1, 2`,
			)
		: await sqlShell(location, `SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name`);
	return [schema, await schemaObjects(location), await rows(location)].join('\n---\n');
}

async function recorded(location: string): Promise<string[]> {
	return (await sqlShell(location, `SELECT name FROM "SequelizeMeta" ORDER BY name`)).split('\n');
}

async function sqliteChecks(location: string): Promise<void> {
	if (!isPostgres(location)) {
		assert.equal(await sqlShell(location, 'PRAGMA foreign_key_check'), '');
		assert.equal(await sqlShell(location, 'PRAGMA integrity_check'), 'ok');
	}
}

describe(`${step} on the Flask tutorial's adopted database (${testEngine}, TZ=${process.env.TZ ?? 'unset'})`, () => {
	it('refuses while rows hold NULL, naming them (at most 10, then … and N more); exit 1; nothing changed', async () => {
		const made = await adoptedTutorialDatabase();
		const nullPost = made.posts.find(post => post.body === null)!;
		const before = await wholeDatabase(made.location);

		const refused = await migrateTo(made.location);
		assert.equal(refused.code, 1, refused.stderr);
		assert.equal(refused.stdout, '');
		assert.equal(
			refused.stderr,
			`microblog-tui: ${step}: rows the tightened schema cannot hold; nothing was changed. Fix or delete them, then run it again:\n` +
				`  post #${nullPost.id} has no body (NULL)\n`,
		);
		assert.deepEqual(await looseness(made.location), expectedLooseness(made.location, true));
		assert.equal(await wholeDatabase(made.location), before);
		assert.ok(!(await recorded(made.location)).includes(step));

		// More of them, users first: the list stops at 10 lines.
		await sqlShell(
			made.location,
			`INSERT INTO "user" (username, email) VALUES (NULL, 'nameless@example.com'), ('mailless', NULL);
			INSERT INTO post (body, "timestamp", user_id) VALUES ${Array.from({length: 11}, (_, index) => `('p${index}', NULL, NULL)`).join(', ')};`,
		);
		const many = await migrateTo(made.location);
		assert.equal(many.code, 1, many.stderr);
		const lines = many.stderr.trimEnd().split('\n');
		// The fixture has 4 posts, and 4 users on SQLite but 2 on PostgreSQL (the long hashes fit only there).
		const firstUser = made.users.length + 1;
		assert.deepEqual(lines.slice(1), [
			`  user #${firstUser} has no username (NULL)`,
			`  user #${firstUser + 1} has no email (NULL)`,
			`  post #${nullPost.id} has no body (NULL)`,
			...[5, 6, 7, 8, 9, 10, 11].map(id => `  post #${id} has no timestamp, user_id (NULL)`),
			'  … and 4 more',
		]);
		assert.deepEqual(await looseness(made.location), expectedLooseness(made.location, true));
	});

	if (testEngine === 'sqlite') {
		it('refuses a post whose user_id names no user (written with foreign keys off), naming it', async () => {
			const made = await adoptedTutorialDatabase();
			// The sqlite3 shell has foreign keys off unless told: the tutorial's loose table takes this row.
			await sqlShell(
				made.location,
				`UPDATE post SET body = '' WHERE body IS NULL; INSERT INTO post (body, "timestamp", user_id) VALUES ('orphan', '2026-01-02 03:04:05.000000', 99);`,
			);
			const before = await wholeDatabase(made.location);
			const refused = await migrateTo(made.location);
			assert.equal(refused.code, 1, refused.stderr);
			assert.equal(
				refused.stderr,
				`microblog-tui: ${step}: rows the tightened schema cannot hold; nothing was changed. Fix or delete them, then run it again:\n` +
					'  post #5 has user_id 99, which names no user\n',
			);
			assert.equal(await wholeDatabase(made.location), before);
		});
	}

	it('tightens when the data allows: NOT NULL (and timestamptz on PostgreSQL), rows, ids, indexes and triggers kept; --check clean; the Flask app still works; down keeps it', async () => {
		const made = await adoptedTutorialDatabase();
		// NOT NULL allows an empty string.
		await sqlShell(made.location, `UPDATE post SET body = '' WHERE body IS NULL`);
		const rowsBefore = await rows(made.location);
		const objectsBefore = await schemaObjects(made.location);

		const done = await migrateTo(made.location);
		assert.equal(done.code, 0, done.stderr);
		assert.match(done.stdout, new RegExp(`applied +${step}`));
		assert.deepEqual(await looseness(made.location), expectedLooseness(made.location, false));
		assert.equal(await rows(made.location), rowsBefore);
		assert.equal(await schemaObjects(made.location), objectsBefore);
		await sqliteChecks(made.location);
		if (!isPostgres(made.location)) {
			// The ids are still the rowid: a rebuilt table that lost its INTEGER PRIMARY KEY would number rows apart.
			assert.equal(await sqlShell(made.location, `SELECT count(*) FROM post WHERE id IS NOT rowid`), '0');
			assert.equal(await sqlShell(made.location, `SELECT "table" || '.' || "from" || '->' || "to" FROM pragma_foreign_key_list('post')`), 'user.user_id->id');
		}
		// The engine now refuses what the step refused.
		await assert.rejects(sqlShell(made.location, `INSERT INTO post (body, "timestamp", user_id) VALUES (NULL, '2026-01-01 00:00:00', 1)`), /NOT NULL|null value/);
		await assert.rejects(sqlShell(made.location, `INSERT INTO "user" (username, email) VALUES ('nomail', NULL)`), /NOT NULL|null value/);

		const check = await runCli(['--database', made.location, '--check']);
		assert.doesNotMatch(check.stdout + check.stderr, /nullable|has type/, check.stdout + check.stderr);
		assert.equal(check.code, 0, check.stdout + check.stderr);

		// The tutorial's app: its upgrade is a no-op, it writes and reads posts, and its naive utcnow reads back right.
		await made.app('db', 'upgrade');
		assert.equal(await sqlShell(made.location, 'SELECT version_num FROM alembic_version'), made.revision);
		const writtenFrom = Date.now();
		const {id} = await made.app<{id: number}>('add-post', 'susan', 'x');
		const writtenBy = Date.now();
		const listed = await made.app<Array<{id: number; body: string; username: string}>>('list-posts');
		assert.deepEqual(listed.at(-1), {id, body: 'x', username: 'susan'});
		assert.equal(listed.length, made.posts.length + 1);
		const ours = JSON.parse((await runCli(['--database', made.location, '--list', 'posts', '--json'])).stdout) as Array<{id: number; timestamp: string}>;
		const shown = Date.parse(ours.find(post => post.id === id)!.timestamp);
		// The Flask app stores whole microseconds of its own clock: a second either side covers the rounding.
		assert.ok(shown >= writtenFrom - 1000 && shown <= writtenBy + 1000, `post ${id} at ${new Date(shown).toISOString()}, written between ${new Date(writtenFrom).toISOString()} and ${new Date(writtenBy).toISOString()}`);
		await sqliteChecks(made.location);

		// down leaves the columns tight and forgets the record.
		const down = await runCli(['--database', made.location, '--downgrade']);
		assert.equal(down.code, 0, down.stderr);
		assert.ok(!(await recorded(made.location)).includes(step));
		assert.deepEqual(await looseness(made.location), expectedLooseness(made.location, false));
	});

	it("keeps what later chapters add: columns, the followers table and its foreign keys, a view, another index", async () => {
		const made = await adoptedTutorialDatabase();
		const [susan, john] = [userNamed(made, 'susan').id, userNamed(made, 'john').id];
		const time = isPostgres(made.location) ? 'TIMESTAMP WITHOUT TIME ZONE' : 'DATETIME';
		await sqlShell(
			made.location,
			`UPDATE post SET body = '' WHERE body IS NULL;
			ALTER TABLE "user" ADD COLUMN about_me VARCHAR(140);
			ALTER TABLE "user" ADD COLUMN last_seen ${time};
			UPDATE "user" SET about_me = 'cats', last_seen = '2026-11-30 12:00:00' WHERE username = 'susan';
			CREATE INDEX ix_user_last_seen ON "user" (last_seen);
			CREATE TABLE followers (follower_id INTEGER, followed_id INTEGER, FOREIGN KEY(follower_id) REFERENCES "user" (id), FOREIGN KEY(followed_id) REFERENCES "user" (id));
			INSERT INTO followers VALUES (${susan}, ${john}), (${john}, ${susan});
			CREATE VIEW post_authors AS SELECT post.id, "user".username FROM post JOIN "user" ON "user".id = post.user_id;`,
		);
		const rowsBefore = await rows(made.location);
		const objectsBefore = await schemaObjects(made.location);
		const done = await migrateTo(made.location);
		assert.equal(done.code, 0, done.stderr);
		assert.deepEqual(await looseness(made.location), [...expectedLooseness(made.location, false).slice(0, 3), 'user.about_me=YES', ...expectedLooseness(made.location, false).slice(3, 4), 'user.last_seen=YES', ...expectedLooseness(made.location, false).slice(4)]);
		assert.equal(await rows(made.location), rowsBefore);
		assert.equal(await schemaObjects(made.location), objectsBefore);
		assert.equal(await sqlShell(made.location, `SELECT username, about_me FROM "user" WHERE about_me IS NOT NULL`), 'susan|cats');
		assert.equal(await sqlShell(made.location, 'SELECT follower_id, followed_id FROM followers ORDER BY 1'), `${susan}|${john}\n${john}|${susan}`);
		assert.equal(await sqlShell(made.location, 'SELECT count(*) FROM post_authors'), String(made.posts.length));
		if (!isPostgres(made.location)) {
			assert.equal(await sqlShell(made.location, `SELECT DISTINCT "table" FROM pragma_foreign_key_list('followers')`), 'user');
			// The foreign key still holds: SQLite checks it (with foreign keys on) against the rebuilt user table.
			await assert.rejects(sqlShell(made.location, `PRAGMA foreign_keys = ON; INSERT INTO followers VALUES (${susan}, 99)`), /FOREIGN KEY/);
		}
		await sqliteChecks(made.location);
	});
});

describe(`${step} on a database our own migrations made (${testEngine})`, () => {
	it('changes nothing at all: schema and rows identical before and after', async () => {
		const location = await newDatabaseLocation();
		for (const args of [['--migrate'], ['--seed']]) {
			const result = await runCli(['--database', location, ...args]);
			assert.equal(result.code, 0, result.stderr);
		}
		const before = await wholeDatabase(location);
		const done = await migrateTo(location);
		assert.equal(done.code, 0, done.stderr);
		assert.ok((await recorded(location)).includes(step));
		assert.equal(await wholeDatabase(location), before);
		await sqliteChecks(location);
	});
});

describe(`${step} offline (--sql)`, () => {
	for (const location of ['app.db', 'postgres://nobody@127.0.0.1:1/offline']) {
		it(`refuses with one line: it must read the database (${isPostgres(location) ? 'postgres' : 'sqlite'})`, async () => {
			const refused = await runCli(['--database', location, '--migrate', '--sql', '--from', '0006-user-case-unique', '--to', step]);
			assert.equal(refused.code, 1, refused.stderr);
			assert.equal(refused.stdout, '');
			assert.match(refused.stderr, new RegExp(`^microblog-tui: ${step} reads the database .*; run microblog-tui --migrate --to ${step} against the database instead\\n$`));
			// A plain upgrade script leaves the optional step out.
			const plain = await runCli(['--database', location, '--migrate', '--sql']);
			assert.equal(plain.code, 0, plain.stderr);
			assert.doesNotMatch(plain.stdout, /0007/);
		});
	}
});
