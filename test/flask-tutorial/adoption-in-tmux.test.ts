// Adopting the Flask Mega-Tutorial's database end to end, as README's "Adopting a Flask Mega-Tutorial database" has a
// user do it: the database made by the tutorial's own migrations (Flask-Migrate), the built binary in tmux, and the
// tutorial's app reading what microblog-tui wrote. Under TZ=America/New_York: the tutorial writes naive UTC times.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {testEngine} from '../helpers/engine.js';
import {flaskTutorialDatabase, userNamed} from '../helpers/flask-tutorial.js';
import {sqlShell, signInAndPost, startTui} from '../shared-database/foreign-clients.js';

const newYork = {TZ: 'America/New_York'};

describe(`adopting the Flask tutorial's database, end to end (${testEngine})`, () => {
	it('refused, stamped, migrated, checked; the TUI shows every row, signs in with a Werkzeug hash and posts; Flask reads it', async () => {
		// The 2024 edition's String(256) password column: every Werkzeug hash fits, on PostgreSQL too.
		const made = await flaskTutorialDatabase({passwordHashLength: 256});
		const cli = async (...args: string[]) => runCli(['--database', made.location, ...args], {env: newYork});

		// 1. Not adopted yet: the TUI says what the database is and how to adopt it, and exits 1.
		const refused = startTui(made.location, newYork);
		await refused.waitForText('EXIT=1');
		// The pane wraps the long first line.
		const refusal = refused.screen().replaceAll('\n', '');
		assert.match(refusal, /is a Flask-Migrate database \(alembic_version at revision \w+\)/);
		assert.match(refusal, /--stamp 0002-create-post/);
		refused.kill();

		// 2. The two commands the refusal names, then --check.
		const stamped = await cli('--stamp', '0002-create-post');
		assert.equal(stamped.code, 0, stamped.stderr);
		const migrated = await cli('--migrate');
		assert.equal(migrated.code, 0, migrated.stderr);
		const checked = await cli('--check');
		assert.equal(checked.code, 0, checked.stdout + checked.stderr);
		assert.match(checked.stdout, /known differences of an adopted schema/);

		// 3. The TUI lists every post (the NULL body too) and every user, with the tutorial's UTC times as "now".
		const tui = startTui(made.location, newYork);
		for (const post of made.posts) {
			await tui.waitForText(post.body ?? '(empty)');
		}
		const hello = tui.screen().split('\n').find(line => line.includes('hello from flask'));
		assert.match(hello ?? '', /\b(now|\d+s|[1-9]m)\b/, `a minute-old post reads as recent, not hours off: ${hello}`);
		tui.keys('2');
		for (const user of made.users) {
			await tui.waitForText(user.username);
		}
		tui.keys('1');
		await tui.waitForText('hello from flask');

		// 4. Sign in with the tutorial's Werkzeug hash (pbkdf2:sha256, from set_password) and post.
		const susan = userNamed(made, 'susan');
		assert.match(susan.password_hash!, /^pbkdf2:sha256:/);
		await signInAndPost(tui, 'susan', susan.password!, 'posted from the terminal');
		// The hash is ours now (rewritten in the sign-in's transaction).
		assert.match(await sqlShell(made.location, `SELECT password_hash FROM "user" WHERE username = 'susan'`), /^\$scrypt\$ln=17,r=8,p=1\$/);
		tui.keys('q');
		await tui.waitForText('EXIT=0');

		// 5. The tutorial's app reads the post through its models, and its migrations still have nothing to do.
		const posts = await made.app<Array<{body: string | null; username: string | null}>>('list-posts');
		assert.deepEqual(posts.at(-1), {id: made.posts.length + 1, body: 'posted from the terminal', username: 'susan'});
		const before = await sqlShell(made.location, 'SELECT version_num FROM alembic_version');
		assert.equal(before, made.revision);
		await made.app('db', 'upgrade');
		assert.equal(await sqlShell(made.location, 'SELECT version_num FROM alembic_version'), made.revision);
	});
});
