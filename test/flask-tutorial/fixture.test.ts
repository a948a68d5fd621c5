// The Flask Mega-Tutorial's database as a test fixture (test/helpers/flask-tutorial.ts), read back by programs we
// did not write: the sqlite3 shell or psql, and the tutorial's own app.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {flaskTutorialDatabase, userNamed} from '../helpers/flask-tutorial.js';
import {testEngine} from '../helpers/engine.js';
import {isPostgres, sqlShell} from '../shared-database/foreign-clients.js';

describe(`the Flask tutorial's database (${testEngine})`, () => {
	it('is made by flask db init/migrate/upgrade: alembic_version holds the head of its two migrations', async () => {
		const made = await flaskTutorialDatabase();
		assert.equal(made.revisions.length, 2);
		assert.match(made.revisions[0]!, /^[0-9a-f]{12}_(users|posts)_table$/);
		assert.ok(made.revisions.some(name => name === `${made.revision}_posts_table`), `${made.revision} is the posts migration`);
		assert.equal(await sqlShell(made.location, 'SELECT version_num FROM alembic_version'), made.revision);
		// The tutorial's chapter 4 columns are nullable, apart from the primary keys.
		const nullable = isPostgres(made.location)
			? await sqlShell(
					made.location,
					"SELECT table_name || '.' || column_name || '=' || is_nullable FROM information_schema.columns WHERE table_name IN ('user', 'post') ORDER BY 1",
				)
			: await sqlShell(
					made.location,
					"SELECT 'post.' || name || '=' || (CASE WHEN \"notnull\" OR pk THEN 'NO' ELSE 'YES' END) FROM pragma_table_info('post') UNION ALL SELECT 'user.' || name || '=' || (CASE WHEN \"notnull\" OR pk THEN 'NO' ELSE 'YES' END) FROM pragma_table_info('user') ORDER BY 1",
				);
		assert.deepEqual(nullable.split('\n'), [
			'post.body=YES',
			'post.id=NO',
			'post.timestamp=YES',
			'post.user_id=YES',
			'user.email=YES',
			'user.id=NO',
			'user.password_hash=YES',
			'user.username=YES',
		]);
		// Running the tutorial's upgrade again changes nothing.
		await made.app('db', 'upgrade');
		assert.equal(await sqlShell(made.location, 'SELECT version_num FROM alembic_version'), made.revision);
	});

	it('holds users with Werkzeug hashes and one without, and posts, one with a NULL body', async () => {
		const made = await flaskTutorialDatabase();
		const rows = await sqlShell(made.location, `SELECT username || '|' || COALESCE(password_hash, 'NULL') FROM "user" ORDER BY id`);
		assert.deepEqual(
			rows.split('\n'),
			made.users.map(user => `${user.username}|${user.password_hash ?? 'NULL'}`),
		);
		const susan = userNamed(made, 'susan');
		assert.match(susan.password_hash!, /^pbkdf2:sha256:\d+\$[A-Za-z0-9]{16}\$[0-9a-f]{64}$/);
		assert.equal(userNamed(made, 'john').password_hash, null);
		if (!isPostgres(made.location)) {
			// SQLite ignores VARCHAR(128): the longer hashes are there too.
			assert.match(userNamed(made, 'david').password_hash!, /^pbkdf2:sha512:\d+\$[A-Za-z0-9]{16}\$[0-9a-f]{128}$/);
			assert.match(userNamed(made, 'ana').password_hash!, /^scrypt:32768:8:1\$[A-Za-z0-9]{16}\$[0-9a-f]{128}$/);
		}
		const posts = await sqlShell(made.location, `SELECT COALESCE(body, 'NULL') || '|' || user_id FROM post ORDER BY id`);
		assert.deepEqual(posts.split('\n'), made.posts.map(post => `${post.body ?? 'NULL'}|${post.user_id}`));
		assert.ok(made.posts.some(post => post.body === null));
		// The tutorial's own check_password (Werkzeug's check_password_hash) accepts its hash.
		assert.deepEqual(await made.app('check-password', 'susan', susan.password!), {ok: true});
		assert.deepEqual(await made.app('check-password', 'susan', 'wrong-password'), {ok: false});
	});

	it("holds the scrypt and pbkdf2:sha512 users on PostgreSQL too with the 2024 edition's String(256)", async () => {
		const made = await flaskTutorialDatabase({passwordHashLength: 256});
		const hashes = await sqlShell(made.location, `SELECT password_hash FROM "user" WHERE username IN ('ana', 'david') ORDER BY username`);
		assert.deepEqual(hashes.split('\n'), [userNamed(made, 'ana').password_hash, userNamed(made, 'david').password_hash]);
		assert.match(hashes, /^scrypt:32768:8:1\$/m);
	});
});
