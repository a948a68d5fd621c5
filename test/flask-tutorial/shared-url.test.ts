// One DATABASE_URL for both programs: microblog-tui (the built binary) and the Flask tutorial's app (its config.py
// reads DATABASE_URL), in SQLAlchemy's forms: `sqlite:////absolute/path.db` and `postgresql+psycopg2://…`.
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {newDatabaseLocation, testEngine} from '../helpers/engine.js';
import {flaskTutorialApp, runFlaskTutorial} from '../helpers/flask-tutorial.js';
import {tempDir} from '../helpers/temp-dir.js';

/** What --database takes, as SQLAlchemy's URL (the one README gives for both programs). */
async function sharedUrl(): Promise<string> {
	const location = await newDatabaseLocation();
	if (testEngine === 'sqlite') {
		return `sqlite:///${location}`;
	}
	const url = new URL(location);
	return `postgresql+psycopg2://${url.username}:${url.password}@${url.host}${url.pathname}`;
}

describe(`one DATABASE_URL for microblog-tui and the Flask app (${testEngine})`, () => {
	it('both open the same database: each reads what the other wrote, and the password is never shown', async () => {
		const url = await sharedUrl();
		assert.match(url, testEngine === 'sqlite' ? /^sqlite:\/\/\/\/tmp\// : /^postgresql\+psycopg2:\/\/postgres:[^@]+@/);
		const env = {DATABASE_URL: url};
		for (const args of [['--migrate'], ['--seed']]) {
			const result = await runCli(args, {env});
			assert.equal(result.code, 0, result.stderr);
		}
		const {app} = await flaskTutorialApp(url);
		const seeded = await app<{users: number; posts: number}>('count');
		assert.equal(seeded.users, 6);
		const written = await app<{id: number}>('add-post', 'susan', 'written by the Flask app');
		const listed = await runCli(['--list', 'posts', '--json', '--limit', '1000'], {env});
		assert.equal(listed.code, 0, listed.stderr);
		const posts = JSON.parse(listed.stdout) as Array<{id: number; body: string; username: string}>;
		assert.equal(posts.length, seeded.posts + 1);
		assert.deepEqual(
			posts.find(post => post.id === written.id),
			{...posts.find(post => post.id === written.id), body: 'written by the Flask app', username: 'susan'},
		);
		const status = await runCli(['--status'], {env});
		assert.equal(status.code, 0, status.stderr);
		if (testEngine === 'postgres') {
			const password = new URL(url.replace('postgresql+psycopg2:', 'postgres:')).password;
			assert.ok(!`${status.stdout}${status.stderr}${listed.stderr}`.includes(password), 'the password is not shown');
			assert.match(status.stdout, /postgresql\+psycopg2:\/\/postgres:\*\*\*@/);
		}
	});
});

describe('a relative sqlite:///app.db is not one database for both', () => {
	it('microblog-tui reads it from the current directory (as SQLAlchemy does), Flask-SQLAlchemy 3 from the instance folder', async () => {
		const directory = tempDir();
		const {appDir} = await flaskTutorialApp('unused');
		const env = {DATABASE_URL: 'sqlite:///app.db'};
		const migrated = await runCli(['--migrate'], {env, cwd: directory});
		assert.equal(migrated.code, 0, migrated.stderr);
		assert.ok(existsSync(path.join(directory, 'app.db')));
		// The app, run from its own directory with the same URL, looks in <app>/instance/app.db: a new, empty file.
		await assert.rejects(runFlaskTutorial(['app', appDir, 'count'], env), /no such table: user/);
		assert.ok(existsSync(path.join(appDir, 'instance')));
	});
});
