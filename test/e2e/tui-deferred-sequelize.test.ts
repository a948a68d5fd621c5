// runs once
// The TUI on an existing SQLite file draws its first frame before it loads Sequelize (source/db/deferred-database.ts),
// loads it right after, and then signs in and posts through it. Sequelize is bundled, so it is seen by a built-in
// module that only its lodash loads on the way to the first frame: internal/legacy/processbinding (lodash asks for
// process.binding('util'), having no require of its own inside the bundle). Compared with the build before.
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {cliPath, projectRoot, runCli} from '../helpers/cli.js';
import {TmuxSession} from './tmux-session.js';

const sequelizeMarker = 'internal/legacy/processbinding';

type Probe = {modules: string[]; showsPost?: boolean};

describe('the TUI and Sequelize', () => {
	const work = mkdtempSync(path.join(tmpdir(), 'tui-deferred-'));
	const database = path.join(work, 'app.db');
	const sessions: TmuxSession[] = [];
	let firstWords = '';
	after(() => {
		for (const session of sessions) {
			session.kill();
		}
		rmSync(work, {recursive: true, force: true});
	});

	before(async () => {
		assert.equal((await runCli(['--migrate', '-d', database])).code, 0);
		assert.equal((await runCli(['--seed', '-d', database])).code, 0);
		const listed = await runCli(['--list', 'posts', '--limit', '1', '--json', '-d', database]);
		const [newest] = JSON.parse(listed.stdout) as Array<{body: string}>;
		firstWords = newest!.body.slice(0, 12);
	});

	function start(name: string): {session: TmuxSession; probes: () => Probe[]} {
		const modulesOut = path.join(work, `${name}.txt`);
		const probe = path.join(projectRoot, 'test/fixtures/first-frame-modules.cjs');
		const session = new TmuxSession(`${process.execPath} --require ${probe} ${cliPath} -d ${database}; echo EXIT=$?; sleep 3`, {
			env: {TERM: 'xterm-256color', MODULES_OUT: modulesOut, FIRST_FRAME_TEXT: '? help', FIRST_FRAME_POST: firstWords, XDG_CACHE_HOME: path.join(work, 'cache')},
		});
		sessions.push(session);
		const probes = () => readFileSync(modulesOut, 'utf8').trim().split('\n').map(line => JSON.parse(line) as Probe);
		return {session, probes};
	}

	it('draws the first frame, with the newest posts, before loading Sequelize; loads it after, untouched', async () => {
		const {session, probes} = start('idle');
		await session.waitForText('1 of 36');
		// Nothing pressed: only the start itself can have loaded Sequelize by the time q is read.
		await new Promise(resolve => setTimeout(resolve, 1500));
		session.keys('q');
		await session.waitForText('EXIT=0');
		const [atFirstFrame, atExit] = probes();
		assert.equal(atFirstFrame!.showsPost, true, 'the first frame shows the newest post');
		assert.equal(atFirstFrame!.modules.includes(sequelizeMarker), false, 'Sequelize loaded before the first frame');
		assert.ok(atExit!.modules.includes(sequelizeMarker), 'Sequelize loaded after the first frame');
	});

	it('then signs in and posts through it', async () => {
		const {session} = start('posting');
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
		const listed = await runCli(['--list', 'posts', '--limit', '1', '-d', database]);
		assert.match(listed.stdout, /john\s+written after a deferred start/);
	});
});
