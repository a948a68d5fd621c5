// runs once
// The TUI's code cache (source/loader.ts) grows with what sessions run: a session that signs in
// and posts for the first time leaves those functions in the cache for the next one.
import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {cliPath, runCli} from '../helpers/cli.js';
import {waitFor} from '../helpers/tui.js';
import {TmuxSession} from './tmux-session.js';

describe('the TUI code cache', () => {
	const work = mkdtempSync(path.join(tmpdir(), 'tui-code-cache-'));
	const sessions: TmuxSession[] = [];
	after(() => {
		for (const session of sessions) {
			session.kill();
		}
		rmSync(work, {recursive: true, force: true});
	});
	const database = path.join(work, 'app.db');
	const cacheHome = path.join(work, 'cache');

	function start(args: string): TmuxSession {
		const session = new TmuxSession(`${process.execPath} ${cliPath} -d ${database} ${args}; echo EXIT=$?; sleep 3`, {
			env: {TERM: 'xterm-256color', XDG_CACHE_HOME: cacheHome},
		});
		sessions.push(session);
		return session;
	}

	function tuiCache(): {size: number; modified: number} | undefined {
		const directory = path.join(cacheHome, 'microblog-tui');
		const name = readdirSync(directory, {withFileTypes: true}).find(entry => entry.name.endsWith('-tui.bin'))?.name;
		if (name === undefined) {
			return undefined;
		}
		const {size, mtimeMs} = statSync(path.join(directory, name));
		return {size, modified: mtimeMs};
	}

	it('is written once the feed shows, and grows at exit after a first sign-in and post', async () => {
		assert.equal((await runCli(['--migrate', '-d', database])).code, 0);
		assert.equal((await runCli(['--seed', '-d', database])).code, 0);

		const browsing = start('');
		await browsing.waitForText('1 of 36');
		// Until the directory exists, tuiCache() throws, and waitFor polls on.
		await waitFor(tuiCache, {what: 'the TUI cache file'});
		browsing.keys('j', 'j');
		await browsing.waitForText('3 of 36');
		browsing.keys('q');
		await browsing.waitForText('EXIT=0');
		const browsed = tuiCache()!;

		const posting = start('--user john');
		await posting.waitForText('john');
		posting.type('microblog-demo');
		posting.keys('Enter');
		await posting.waitForText('signed in as john');
		posting.keys('c');
		await posting.waitForText('New post');
		posting.type('cached at last');
		await posting.waitForText('14/140');
		posting.keys('Enter');
		await posting.waitForText('1 of 37');
		posting.keys('q');
		await posting.waitForText('EXIT=0');
		const posted = tuiCache()!;
		assert.ok(posted.size > browsed.size, `the cache grew with the sign-in and the post: ${browsed.size} → ${posted.size} bytes`);
		assert.ok(posted.modified > browsed.modified);
	});
});
