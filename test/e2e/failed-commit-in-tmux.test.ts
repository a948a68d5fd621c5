import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {after, describe, it} from 'node:test';
import {cliPath, runCli} from '../helpers/cli.js';
import {failingCommits} from '../helpers/failing-commit.js';
import {TmuxSession} from './tmux-session.js';

/** What Sequelize prints with console.warn when a COMMIT fails (node_modules/sequelize/lib/transaction.js). */
const sequelizeWarning = /Committing transaction|killing its connection|undetermined state/;

/*
 * A COMMIT that fails while the TUI runs, in a real terminal: a library's console output is what a real
 * terminal shows and ink-testing-library does not. Sequelize's warning used to land on the alternate
 * screen, scroll the frame up a row and stay there; the draft must survive the failure and post once the
 * cause is gone.
 */
describe('a failed COMMIT in the TUI (tmux)', () => {
	const sessions: TmuxSession[] = [];
	after(() => {
		for (const session of sessions) {
			session.kill();
		}
	});

	for (const debug of [false, true]) {
		it(`keeps the frame and the draft, and routes Sequelize's warning to the SQL pane${debug ? ' (with DEBUG, to stderr after a SIGTERM)' : ''}`, async t => {
			const database = await failingCommits();
			if ('skip' in database) {
				t.skip(database.skip);
				return;
			}
			assert.equal((await runCli(['--migrate', '-d', database.location])).code, 0);
			assert.equal((await runCli(['--seed', '-d', database.location])).code, 0);

			const tui = new TmuxSession(`${process.execPath} ${cliPath} -d ${database.location} --user john; echo EXIT=$?; sleep 3`, {
				env: {TERM: 'xterm-256color', DEBUG: debug ? '1' : '', DATABASE_URL: ''},
			});
			sessions.push(tui);
			await tui.waitForText('john');
			tui.type('microblog-demo');
			tui.keys('Enter');
			await tui.waitForText('signed in as john');
			await tui.waitForText('1 of 36');

			await database.break();
			tui.keys('c');
			await tui.waitForText('New post');
			const draft = 'kept through a failed commit';
			tui.type(draft);
			await tui.waitFor(screen => screen.includes(draft) && screen.includes(`${draft.length}/140`), 'the draft and its count');
			tui.keys('Enter');
			const failed = await tui.waitForText(database.failure);
			const lines = failed.split('\n');
			assert.doesNotMatch(failed, sequelizeWarning, 'no library output on the screen');
			// The frame is where it was: the tabs on the first row, the compose box under them, the status bar at the bottom.
			assert.match(lines[0]!, /1 Feed.*2 Users/, `the first row is still the tabs:\n${failed}`);
			assert.match(lines[1]!, /New post/, `the compose box is still under them:\n${failed}`);
			assert.equal(lines.filter(line => database.failure.test(line)).length, 1, `one line of error:\n${failed}`);
			assert.equal(lines.filter(line => line.includes(draft)).length, 1, `the draft, once:\n${failed}`);
			assert.match(failed, /Feed · newest first · 1 of 36/, 'the status bar');

			// The warning is in the SQL pane, labelled with its level, after the statements that led to it.
			tui.keys('Escape');
			await tui.waitFor(screen => !screen.includes('New post'), 'the compose box to close');
			tui.keys('`');
			const pane = await tui.waitForText(/warn +Committing transaction/);
			assert.match(pane, /SQL · [\d,]+ statements run · 1 library message/);
			tui.keys('`');
			await tui.waitFor(screen => !screen.includes('SQL · '), 'the pane to close');

			// The cause gone, the kept draft posts.
			await database.mend();
			tui.keys('c');
			await tui.waitFor(screen => screen.includes('New post') && screen.includes(draft), 'the kept draft in the compose box');
			tui.keys('Enter');
			const posted = await tui.waitForText('1 of 37');
			assert.doesNotMatch(posted, /New post/, 'the compose box closed');
			assert.equal(posted.split('\n').filter(line => line.includes(draft)).length, 1, `the new post once:\n${posted}`);
			if (debug) {
				// Another way out restores the console too: a signal, here.
				const app = Number(execFileSync('pgrep', ['-P', tui.query('pane_pid'), 'microblog-tui'], {encoding: 'utf8'}).trim());
				assert.ok(app > 1, `found the app's pid (${app})`);
				process.kill(app, 'SIGTERM');
			} else {
				tui.keys('q');
			}
			const exited = await tui.waitForText(debug ? 'EXIT=143' : 'EXIT=0');
			assert.equal(tui.query('alternate_on'), '0', 'alternate screen left');
			if (debug) {
				assert.match(exited, /microblog-tui: warn: Committing transaction .* failed/, 'with DEBUG, the warning on stderr once the screen is back');
			} else {
				assert.doesNotMatch(exited, sequelizeWarning, 'nothing of it on the shell screen either');
			}

			const posts = JSON.parse((await runCli(['--list', 'posts', '--json', '--limit', '2', '-d', database.location])).stdout) as Array<{body: string}>;
			assert.deepEqual(
				posts.map(post => post.body).filter(body => body === draft),
				[draft],
				'posted exactly once',
			);
		});
	}
});
