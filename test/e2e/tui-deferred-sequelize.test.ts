// runs once
// The TUI on an existing SQLite file draws its first frame before it loads Sequelize (source/db/deferred-database.ts),
// and then signs in and posts through it. Sequelize is bundled, so it is seen by a built-in module it loads that
// nothing on the way to the first frame does: internal/legacy/processbinding (compared with the build before).
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {cliPath, projectRoot, runCli} from '../helpers/cli.js';
import {TmuxSession} from './tmux-session.js';

const sequelizeMarker = 'internal/legacy/processbinding';

describe('the TUI and Sequelize', () => {
	const work = mkdtempSync(path.join(tmpdir(), 'tui-deferred-'));
	let session: TmuxSession | undefined;
	after(() => {
		session?.kill();
		rmSync(work, {recursive: true, force: true});
	});

	it('draws the first frame without Sequelize, then signs in and posts with it', async () => {
		const database = path.join(work, 'app.db');
		assert.equal((await runCli(['--migrate', '-d', database])).code, 0);
		assert.equal((await runCli(['--seed', '-d', database])).code, 0);
		const listed = await runCli(['--list', 'posts', '--limit', '1', '--json', '-d', database]);
		const [newest] = JSON.parse(listed.stdout) as Array<{body: string}>;
		const firstWords = newest!.body.slice(0, 12);
		const modulesOut = path.join(work, 'modules.txt');
		const probe = path.join(projectRoot, 'test/fixtures/first-frame-modules.cjs');
		session = new TmuxSession(`${process.execPath} --require ${probe} ${cliPath} -d ${database}; echo EXIT=$?; sleep 3`, {
			env: {TERM: 'xterm-256color', MODULES_OUT: modulesOut, FIRST_FRAME_TEXT: firstWords, XDG_CACHE_HOME: path.join(work, 'cache')},
		});
		await session.waitForText('1 of 36');
		session.keys('c');
		await session.waitForText('Sign in');
		session.type('john');
		session.keys('Enter');
		session.type('microblog-demo');
		session.keys('Enter');
		await session.waitForText('signed in as john');
		// Signing in from c goes on to the compose box.
		await session.waitForText('New post');
		session.type('written after a deferred start');
		session.keys('Enter');
		await session.waitForText('1 of 37');
		session.keys('q');
		await session.waitForText('EXIT=0');

		const [atFirstFrame, atExit] = readFileSync(modulesOut, 'utf8').trim().split('\n').map(line => JSON.parse(line) as string[]);
		assert.ok(atFirstFrame!.includes('fs'), 'the first frame was seen');
		assert.equal(atFirstFrame!.includes(sequelizeMarker), false, 'Sequelize loaded before the first frame');
		// The control: by the end, Sequelize (which wrote the post) had loaded it.
		assert.ok(atExit!.includes(sequelizeMarker), `loaded at exit: ${atExit!.join(' ')}`);
		const after = await runCli(['--list', 'posts', '--limit', '1', '-d', database]);
		assert.match(after.stdout, /john\s+written after a deferred start/);
	});
});
