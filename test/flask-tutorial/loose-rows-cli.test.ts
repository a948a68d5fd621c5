// `--list` and `--shell` over an adopted tutorial database's looser rows (loose-rows.ts): every row listed, NULLs as
// placeholders in text and as null in JSON, no escape sequence from a name on the terminal, no crash.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {testEngine} from '../helpers/engine.js';
import {shell} from '../shared-database/foreign-clients.js';
import {hostileName, looseTutorialDatabase} from './loose-rows.js';

type JsonPost = {id: number; body: string | null; timestamp: string | null; userId: number | null; username: string | null};
type JsonUser = {id: number; username: string | null; email: string | null; postCount: number; latestPost: string | null};

// Made at the top level: the temp dir (or PostgreSQL database) it registers for removal lives until the file ends.
const made = await looseTutorialDatabase();

describe(`--list and --shell on an adopted tutorial database's looser rows (${testEngine})`, () => {

	async function list(...args: string[]): Promise<string> {
		const result = await runCli(['--database', made.location, '--list', ...args]);
		assert.equal(result.code, 0, `--list ${args.join(' ')}: ${result.stderr}`);
		assert.equal(result.stderr, '');
		assert.doesNotMatch(result.stdout, /\u001B|\u0007/, 'no escape sequence from the database reaches the terminal');
		return result.stdout;
	}

	it('--list posts shows every post, with (empty), (no time), (no author) and (no name)', async () => {
		for (const sort of [[], ['--sort', 'username'], ['--reverse'], ['--sort', 'username', '--reverse']]) {
			const text = await list('posts', '--limit', '100', ...sort);
			const lines = text.trimEnd().split('\n');
			assert.equal(lines.length, made.postIds.length + 1, text);
			const line = (id: number) => lines.find(row => row.startsWith(`${id} `)) ?? assert.fail(`post ${id} is not listed:\n${text}`);
			assert.match(line(made.posts.find(post => post.body === null)!.id), /susan +\(empty\)$/);
			assert.match(line(made.ids.emptyPost), /susan +\(empty\)$/);
			assert.match(line(made.ids.undatedPost), /^\d+ +\(no time\) +susan +undated post$/);
			assert.match(line(made.ids.authorlessPost), /\(no author\) +authorless post$/);
			assert.match(line(made.ids.secondUndatedPost), /\(no time\) +\(no author\) +second undated$/);
			assert.match(line(made.ids.namelessUsersPost), /\(no name\) +by the nameless$/);
			if (made.ids.orphanPost !== undefined) {
				assert.match(line(made.ids.orphanPost), /\(no author\) +orphan post$/);
			}
		}
	});

	it('--list posts --json gives null, not the placeholders, and times in UTC', async () => {
		const rows = JSON.parse(await list('posts', '--json', '--limit', '100')) as JsonPost[];
		assert.equal(rows.length, made.postIds.length);
		const byId = new Map(rows.map(row => [row.id, row]));
		assert.equal(byId.get(made.posts.find(post => post.body === null)!.id)!.body, null);
		assert.equal(byId.get(made.ids.emptyPost)!.body, '');
		assert.deepEqual(byId.get(made.ids.secondUndatedPost), {id: made.ids.secondUndatedPost, body: 'second undated', timestamp: null, userId: null, username: null});
		assert.equal(byId.get(made.ids.authorlessPost)!.timestamp, '2026-01-02T03:04:05.123456Z');
		assert.equal(byId.get(made.ids.namelessUsersPost)!.username, null);
		assert.equal(byId.get(made.ids.namelessUsersPost)!.userId, made.ids.namelessUser);
		if (made.ids.orphanPost !== undefined) {
			assert.equal(byId.get(made.ids.orphanPost)!.userId, 999);
			assert.equal(byId.get(made.ids.orphanPost)!.username, null);
		}
	});

	it('--list users shows every user, (no name) and (none), in text and JSON', async () => {
		for (const sort of [[], ['--sort', 'timestamp'], ['--reverse'], ['--sort', 'timestamp', '--reverse']]) {
			const text = await list('users', '--limit', '100', ...sort);
			const lines = text.trimEnd().split('\n');
			assert.equal(lines.length, made.userIds.length + 1, text);
			const line = (id: number) => lines.find(row => row.startsWith(`${id} `)) ?? assert.fail(`user ${id} is not listed:\n${text}`);
			assert.match(line(made.ids.namelessUser), /^\d+ +\(no name\) +\(none\) +1 /);
			assert.match(line(made.ids.hostileUser), /evil.*no-at-sign/);
			assert.match(line(made.ids.spacedUser), /has spaces +\(none\) +0/);
		}
		const rows = JSON.parse(await list('users', '--json', '--limit', '100')) as JsonUser[];
		const nameless = rows.find(row => row.id === made.ids.namelessUser)!;
		assert.equal(nameless.username, null);
		assert.equal(nameless.email, null);
		assert.equal(rows.find(row => row.id === made.ids.hostileUser)!.username, hostileName);
		assert.equal(rows.find(row => row.id === made.ids.spacedUser)!.email, '');
	});

	it("--shell shows the looser rows' models without a crash or an escape sequence", async () => {
		const outputs = await shell(made.location, [
			`await User.findByPk(${made.ids.namelessUser})`,
			`await User.findByPk(${made.ids.hostileUser})`,
			`await Post.findByPk(${made.posts.find(post => post.body === null)!.id})`,
			`await Post.findByPk(${made.ids.secondUndatedPost})`,
			`(await Post.findByPk(${made.ids.namelessUsersPost}, {include: ['author']})).author`,
		]);
		const text = outputs.join('');
		assert.doesNotMatch(text, /\u001B\]|\u0007/);
		assert.doesNotMatch(text, /Error/, text);
		assert.match(outputs[0]!, /<User \(no name\)>/);
		assert.match(outputs[1]!, /<User evil/);
		assert.match(outputs[2]!, /<Post \(empty\)>/);
		assert.match(outputs[3]!, /<Post second undated>/);
		assert.match(outputs[4]!, /<User \(no name\)>/);
	});
});
