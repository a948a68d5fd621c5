import assert from 'node:assert/strict';
import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {cliPath, runCli} from '../helpers/cli.js';
import {newDatabaseLocation} from '../helpers/engine.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TmuxSession} from './tmux-session.js';

/** The text right of the preview pane's border on each line. */
function previewText(screen: string): string {
	return screen
		.split('\n')
		.map(line => (line.includes('│') ? line.slice(line.indexOf('│') + 1).trim() : ''))
		.filter(Boolean)
		.join('\n');
}

describe('the preview pane in a real terminal of 160 columns (tmux, issue 19)', () => {
	const sessions: TmuxSession[] = [];
	after(() => {
		for (const session of sessions) {
			session.kill();
		}
	});

	function start(database: string, dataHome: string): TmuxSession {
		const session = new TmuxSession(`${process.execPath} ${cliPath} -d ${database}; echo EXIT=$?; sleep 3`, {
			width: 160,
			height: 30,
			env: {TERM: 'xterm-256color', XDG_DATA_HOME: dataHome},
		});
		sessions.push(session);
		return session;
	}

	it('shows the selected post beside the list, follows j, and v is remembered in the data directory', async () => {
		const database = await newDatabaseLocation();
		assert.equal((await runCli(['--migrate', '-d', database])).code, 0);
		assert.equal((await runCli(['--seed', '-d', database])).code, 0);
		const dataHome = tempDir('microblog-tui-xdg-');

		let tui = start(database, dataHome);
		await tui.waitForText('1 of 36');
		const first = await tui.waitFor(screen => /post #\d+/.test(previewText(screen)), 'the preview pane');
		const firstId = /post #(\d+)/.exec(previewText(first))![1];
		assert.match(first, /^ {2}author +age {2}post/m, 'the list keeps its heading');
		assert.ok(first.split('\n').every(line => line.length <= 160));
		tui.keys('j');
		await tui.waitForText('2 of 36');
		await tui.waitFor(screen => /post #(\d+)/.exec(previewText(screen))?.[1] !== firstId, 'the preview following the selection');
		tui.keys('v');
		await tui.waitForText('preview pane off');
		await tui.waitFor(screen => !screen.includes('│'), 'the pane gone');
		tui.keys('q');
		await tui.waitForText('EXIT=0');
		const file = path.join(dataHome, 'microblog-tui', 'settings.json');
		assert.equal(JSON.parse(readFileSync(file, 'utf8')).preview, false);
		assert.equal(statSync(file).mode & 0o777, 0o600);

		tui = start(database, dataHome);
		await tui.waitForText('1 of 36');
		assert.ok(!tui.screen().includes('│'), 'off in the next run');
		tui.keys('v');
		await tui.waitFor(screen => /post #\d+/.test(previewText(screen)), 'the preview pane again');
		tui.keys('q');
		await tui.waitForText('EXIT=0');
		assert.equal(JSON.parse(readFileSync(file, 'utf8')).preview, true);
	});
});
