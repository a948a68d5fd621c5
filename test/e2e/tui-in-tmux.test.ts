import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {after, describe, it} from 'node:test';
import {cliPath, runCli} from '../helpers/cli.js';
import {newDatabaseLocation} from '../helpers/engine.js';
import {TmuxSession} from './tmux-session.js';

/** The built binary in a real terminal, driven as a person would. */
describe('microblog-tui in a real terminal (tmux)', () => {
	const sessions: TmuxSession[] = [];
	after(() => {
		for (const session of sessions) {
			session.kill();
		}
	});

	async function seededDatabase(): Promise<string> {
		const database = await newDatabaseLocation();
		assert.equal((await runCli(['--migrate', '-d', database])).code, 0);
		assert.equal((await runCli(['--seed', '-d', database])).code, 0);
		return database;
	}

	function start(args: string): TmuxSession {
		// The echo reports the exit status on the restored main screen; the sleep keeps the pane alive until tmux has drawn it.
		const session = new TmuxSession(`${process.execPath} ${cliPath} ${args}; echo EXIT=$?; sleep 3`, {env: {TERM: 'xterm-256color'}});
		sessions.push(session);
		return session;
	}

	it('moves, opens a user and goes back, composes signed in, and quits restoring the terminal', async () => {
		const database = await seededDatabase();
		const tui = start(`-d ${database} --user john`);

		await tui.waitForText('1 of 36');
		assert.equal(tui.query('alternate_on'), '1', 'runs on the alternate screen');
		assert.ok(tui.screen().trimEnd().split('\n').length <= 29, 'the root stays one row shorter than the terminal');

		// --user john opens the sign-in form with the name filled in.
		await tui.waitForText('john');
		tui.type('microblog-demo');
		tui.keys('Enter');
		await tui.waitForText('signed in as john');

		tui.keys('j', 'j');
		await tui.waitForText('3 of 36');

		// Open the selected post's author, then go back to the feed.
		tui.keys('u');
		const profile = await tui.waitForText(/@example\.com/);
		assert.match(profile, /Profile/);
		tui.keys('Escape');
		await tui.waitForText('3 of 36');

		tui.keys('c');
		await tui.waitForText('New post');
		tui.type('Hello from a real terminal 👋');
		// The draft in full (28 characters, the emoji one) before Enter: `\d+/140` alone matched the empty box's 0/140.
		await tui.waitFor(text => text.includes('Hello from a real terminal') && text.includes('28/140'), 'the draft and its count');
		tui.keys('Enter');
		const feed = await tui.waitForText('1 of 37');
		assert.doesNotMatch(feed, /New post/, 'the compose box closed');
		assert.match(feed.split('\n')[0]!, /Feed/, 'the header line is still on the first row (no frame taller than the terminal)');
		assert.equal(feed.split('\n').filter(line => line.includes('Hello from a real terminal')).length, 1, 'the new post once');
		const top = feed.split('\n').find(line => line.includes('Hello from a real terminal'));
		assert.ok(top?.includes('john'), `the new post is john's: ${top}`);

		tui.keys('q');
		await tui.waitForText('EXIT=0');
		assert.equal(tui.query('alternate_on'), '0', 'alternate screen left');
		assert.equal(tui.query('cursor_flag'), '1', 'cursor visible again');

		const posts = JSON.parse((await runCli(['--list', 'posts', '--json', '--limit', '1', '-d', database])).stdout) as Array<{body: string; username: string}>;
		assert.deepEqual(
			posts.map(post => [post.username, post.body]),
			[['john', 'Hello from a real terminal 👋']],
		);
	});

	it('a terminal too small for the layout says so, and grows back into the feed', async () => {
		const database = await seededDatabase();
		const tui = start(`-d ${database}`);
		await tui.waitForText('1 of 36');
		execFileSync('tmux', ['resize-window', '-t', tui.name, '-x', '1', '-y', '30']);
		// One column: the message, wrapped a character a line, instead of the feed. tmux's own cut of the old frame
		// to one column also lacks "of 36": wait for the app's frame, the message read down the first rows.
		await tui.waitFor(text => text.split('\n').slice(0, 8).map(line => line.trim()).join('') === 'Terminal', 'the small-terminal message at 1 column');
		execFileSync('tmux', ['resize-window', '-t', tui.name, '-x', '100', '-y', '5']);
		await tui.waitForText(/Terminal too small: 100×5/);
		execFileSync('tmux', ['resize-window', '-t', tui.name, '-x', '100', '-y', '30']);
		await tui.waitForText('1 of 36');
		tui.keys('q');
		await tui.waitForText('EXIT=0');
	});

	it('SIGHUP restores the terminal too', async () => {
		const database = await seededDatabase();
		const tui = start(`-d ${database}`);
		await tui.waitForText('1 of 36');
		const app = Number(execFileSync('pgrep', ['-P', tui.query('pane_pid'), 'microblog-tui'], {encoding: 'utf8'}).trim());
		assert.ok(app > 1);
		process.kill(app, 'SIGHUP');
		await tui.waitForText('EXIT=129');
		assert.equal(tui.query('alternate_on'), '0');
		assert.equal(tui.query('cursor_flag'), '1');
	});

	it('Ctrl-C and SIGTERM also restore the terminal', async () => {
		const database = await seededDatabase();
		const first = start(`-d ${database}`);
		await first.waitForText('1 of 36');
		first.keys('C-c');
		await first.waitForText('EXIT=');
		assert.equal(first.query('alternate_on'), '0');
		assert.equal(first.query('cursor_flag'), '1');

		const second = start(`-d ${database}`);
		await second.waitForText('1 of 36');
		// The app is the shell's child (meow renames it to "microblog-tui", so match on the parent, not the command line).
		const shell = second.query('pane_pid');
		const app = Number(execFileSync('pgrep', ['-P', shell, 'microblog-tui'], {encoding: 'utf8'}).trim());
		assert.ok(app > 1, `found the app's pid (${app})`);
		process.kill(app, 'SIGTERM');
		await second.waitForText('EXIT=143');
		assert.equal(second.query('alternate_on'), '0');
		assert.equal(second.query('cursor_flag'), '1');
	});
});
