// Engine-neutral: post times written by the Flask tutorial's models (SQLAlchemy: naive UTC, a six-digit fraction)
// read as the same instants by microblog-tui, in the TUI and in --list, whatever the process time zone; and the
// times microblog-tui writes read back by SQLAlchemy as the same instants (issue 16, seen 3).
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {createPostgresDatabase, testEngine} from '../helpers/engine.js';
import {testDatabaseUrl} from '../helpers/postgres.js';
import {tempDir} from '../helpers/temp-dir.js';
import {flask, type FlaskPost, shell, startTui} from './foreign-clients.js';

const zones = ['UTC', 'America/New_York', 'Asia/Kolkata'];

/** Naive UTC text as SQLAlchemy takes it (`2026-11-30T12:34:56`), from whole seconds since the epoch. */
function naiveUtc(seconds: number): string {
	return new Date(seconds * 1000).toISOString().slice(0, 19);
}

/** What GNU date prints for the instant in the zone: the independent oracle for the local times shown. */
function localIn(zone: string, seconds: number, format: string): string {
	return execFileSync('date', ['-d', `@${seconds}`, format], {env: {...process.env, TZ: zone}, encoding: 'utf8'}).trim();
}

type JsonPost = {id: number; body: string; timestamp: string; username: string};
type JsonUser = {username: string; postCount: number; latestPost: string | null};

/** An age the feed shows for a post written moments ago (not hours off, not in the future). */
const recentAge = /^(now|\d+s|\d+m)$/;

/** The age column of the feed row showing `body` (rows read `  name   age  body`). */
function ageOf(screen: string, body: string): string | undefined {
	const line = screen.split('\n').find(row => row.includes(body));
	return line ? /^\s*›?\s*\S+\s+(\S+)\s+/.exec(line)?.[1] : undefined;
}

describe(`times written by SQLAlchemy, read by microblog-tui in any time zone (${testEngine})`, () => {
	// One database for the zones' tests. Made here, not by newDatabaseLocation inside before(): a hook's own after()
	// would remove it as soon as before() ends.
	const directory = testEngine === 'sqlite' ? tempDir() : '';
	let location = '';
	let drop: (() => Promise<void>) | undefined;
	after(async () => drop?.());
	const start = Math.floor(Date.now() / 1000);
	// 3 h 17 min and 26 h before the test: ages "3h" and "1d" in the feed, with microseconds a Date cannot hold.
	const threeHours = {seconds: start - (3 * 3600 + 17 * 60), fraction: '654321', body: 'sqlalchemy 3h17m ago'};
	const dayAgo = {seconds: start - 26 * 3600, fraction: '000457', body: 'sqlalchemy 26h ago'};
	const recent = ['sqlalchemy now 1', 'sqlalchemy now 2', 'sqlalchemy now 3', 'repl now'];

	before(async () => {
		if (testEngine === 'sqlite') {
			location = path.join(directory, 'times.db');
		} else {
			assert.ok(testDatabaseUrl, 'TEST_ENGINE=postgres needs TEST_DATABASE_URL');
			const created = await createPostgresDatabase(testDatabaseUrl);
			({url: location, drop} = created);
		}
		assert.equal((await runCli(['--migrate', '-d', location])).code, 0);
		await flask(location, ['add-user', 'flask']);
		for (const post of [dayAgo, threeHours]) {
			await flask(location, ['add-posts', 'flask', '1', '--body', post.body, '--at', `${naiveUtc(post.seconds)}.${post.fraction}`]);
		}
		// Written by microblog-tui's models (Sequelize), then by SQLAlchemy's utcnow default, three in one commit.
		const outputs = await shell(location, [
			"const repl = await User.create({username: 'repl', email: 'repl@example.com'}); await Post.create({body: 'repl now', user_id: repl.id}); 'ok'",
		]);
		assert.deepEqual(outputs, ["'ok'\n", '']);
		await flask(location, ['add-posts', 'flask', '3', '--body', 'sqlalchemy now']);
	});

	for (const zone of zones) {
		it(`TZ=${zone}: --list, the feed, a post, the users and SQLAlchemy agree on every instant`, async () => {
			const env = {TZ: zone};
			const alchemy = await flask<FlaskPost[]>(location, ['list-posts'], env);
			assert.equal(alchemy.length, 6);
			const alchemyTime = new Map(alchemy.map(row => [row.id, row.timestamp]));
			assert.equal(alchemy.find(row => row.body === threeHours.body)?.timestamp, `${naiveUtc(threeHours.seconds)}.${threeHours.fraction}Z`, 'SQLAlchemy reads back what it wrote');

			// --list --json: the instant SQLAlchemy wrote, every digit, and the same instant SQLAlchemy reads for each row,
			// microblog-tui's own included; newest first.
			const listed = await runCli(['--list', 'posts', '--json', '-d', location], {env});
			assert.equal(listed.code, 0, listed.stderr);
			const posts = JSON.parse(listed.stdout) as JsonPost[];
			assert.deepEqual(
				posts.map(row => [row.body, row.timestamp]),
				posts.map(row => [row.body, alchemyTime.get(row.id)]),
				'--list --json and SQLAlchemy read the same instant for every row',
			);
			assert.equal(posts.find(row => row.body === threeHours.body)?.timestamp, `${naiveUtc(threeHours.seconds)}.${threeHours.fraction}Z`);
			assert.equal(posts.find(row => row.body === dayAgo.body)?.timestamp, `${naiveUtc(dayAgo.seconds)}.${dayAgo.fraction}Z`);
			const times = posts.map(row => row.timestamp);
			assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
			assert.deepEqual(posts.slice(-2).map(row => row.body), [threeHours.body, dayAgo.body]);

			// --list's table: the local time of the zone.
			const table = await runCli(['--list', 'posts', '-d', location], {env});
			const row = table.stdout.split('\n').find(line => line.includes(threeHours.body));
			assert.ok(row?.includes(localIn(zone, threeHours.seconds, '+%Y-%m-%d %H:%M')), `--list in ${zone}: ${row}`);

			const users = JSON.parse((await runCli(['--list', 'users', '--json', '-d', location], {env})).stdout) as JsonUser[];
			const newestByFlask = alchemy.filter(post => post.username === 'flask').map(post => post.timestamp).sort().at(-1);
			assert.deepEqual(
				users.map(user => [user.username, user.postCount, user.latestPost]).sort(),
				[
					['flask', 5, newestByFlask],
					['repl', 1, alchemyTime.get(posts.find(post => post.body === 'repl now')!.id)],
				],
			);

			// The TUI: ages in the feed, the exact local time of the post view, the users' latest post.
			const tui = startTui(location, env);
			const feed = await tui.waitForText('1 of 6');
			const ages = Object.fromEntries([...recent, threeHours.body, dayAgo.body].map(body => [body, ageOf(feed, body)]));
			for (const body of recent) {
				assert.match(ages[body] ?? '', recentAge, `the age of "${body}" in ${zone}: ${JSON.stringify(ages)}\n${feed}`);
			}
			assert.equal(ages[threeHours.body], '3h', `in ${zone}:\n${feed}`);
			assert.equal(ages[dayAgo.body], '1d', `in ${zone}:\n${feed}`);
			const lines = feed.split('\n');
			const at = (body: string) => lines.findIndex(line => line.includes(body));
			assert.ok(Math.max(...recent.map(at)) < at(threeHours.body) && at(threeHours.body) < at(dayAgo.body), `feed order in ${zone}:\n${feed}`);

			tui.keys('j', 'j', 'j', 'j');
			await tui.waitForText('5 of 6');
			tui.keys('Enter');
			const postView = await tui.waitForText(`post #${posts.find(post => post.body === threeHours.body)!.id}`);
			assert.ok(
				postView.includes(`${localIn(zone, threeHours.seconds, '+%Y-%m-%d %H:%M:%S %:z')} (3h ago)`),
				`the post's local time in ${zone}:\n${postView}`,
			);

			tui.keys('Escape');
			await tui.waitForText('5 of 6');
			tui.keys('2');
			const usersView = await tui.waitForText('repl@example.com');
			const flaskRow = usersView.split('\n').find(line => line.includes('flask@example.com'));
			assert.match(flaskRow ?? '', /\s5\s+(now|\d+s|\d+m)\s*$/, `flask's latest post in ${zone}:\n${usersView}`);
			tui.keys('q');
			await tui.waitForText('EXIT=0');
		});
	}
});
