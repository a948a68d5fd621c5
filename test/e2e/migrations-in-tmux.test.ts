import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {after, describe, it} from 'node:test';
import {QueryTypes} from 'sequelize';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import {migrationStatus} from '../../source/db/migrator.js';
import {cliPath, runCli} from '../helpers/cli.js';
import {newDatabaseLocation} from '../helpers/engine.js';
import {TmuxSession} from './tmux-session.js';

/**
 * What the database holds, read over a connection of its own as sqlite3 or
 * psql would (`--list` refuses a schema below head): the current migration,
 * what is pending, and how many posts there are.
 */
async function inspect(location: string): Promise<{current: string | null; pending: readonly string[]; posts: number}> {
	const database = await openDatabase(resolveDatabase(location), {mode: 'existing'});
	try {
		const {current, pending} = await migrationStatus(database);
		const [row] = await database.sequelize.query<{count: number | string}>('SELECT count(*) AS count FROM post', {type: QueryTypes.SELECT});
		return {current, pending, posts: Number(row?.count)};
	} finally {
		await database.close();
	}
}

/** The row the Migrations view has selected (it starts with the › marker). */
function selectedRow(screen: string): string {
	return screen.split('\n').find(line => line.startsWith('› ')) ?? '';
}

/** The Migrations view and the SQL pane of the built binary, in a real terminal, on a seeded database. */
describe('Migrations view and SQL pane in a real terminal (tmux)', () => {
	const sessions: TmuxSession[] = [];
	after(() => {
		for (const session of sessions) {
			session.kill();
		}
	});

	it('lists, previews, refuses and runs a downgrade, upgrades back, and shows the profile query in the SQL pane', async () => {
		const database = await newDatabaseLocation();
		assert.equal((await runCli(['--migrate', '-d', database])).code, 0);
		assert.equal((await runCli(['--seed', '-d', database])).code, 0);
		// The echo reports the exit status on the restored main screen; the sleep keeps the pane alive until tmux has drawn it.
		// 160 columns: the status line reports a run of four steps whole (it is cut to the width).
		const tui = new TmuxSession(`${process.execPath} ${cliPath} -d ${database}; echo EXIT=$?; sleep 3`, {width: 160, env: {TERM: 'xterm-256color'}});
		sessions.push(tui);
		await tui.waitForText('1 of 36');

		tui.keys('m');
		let screen = await tui.waitForText('current: 0006-user-case-unique (head)');
		for (const name of ['0001-create-user', '0002-create-post', '0003-feed-indexes', '0004-post-timestamp-utc', '0005-post-change-notify', '0006-user-case-unique']) {
			assert.match(screen, new RegExp(`${name} +applied +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d`), `${name} applied, with when`);
		}
		assert.equal(screen.split('\n').filter(line => line.includes('◀ current')).length, 1, 'one row marked current');
		assert.match(selectedRow(screen), /0006-user-case-unique .*◀ current/, 'the selection starts on the current migration');

		// Enter on 0003: its SQL on this engine, without running it.
		tui.keys('k', 'k', 'k');
		await tui.waitFor(text => selectedRow(text).includes('0003-feed-indexes'), 'the selection on 0003');
		tui.keys('Enter');
		screen = await tui.waitForText(/CREATE INDEX .*ix_post_timestamp_id/);
		assert.match(screen, /SQL of 0003-feed-indexes/);
		assert.match(screen, /DROP INDEX .*ix_post_timestamp_id/);
		tui.keys('Escape');
		await tui.waitForText('current: 0006-user-case-unique (head)');
		await tui.waitFor(text => selectedRow(text).includes('0003-feed-indexes'), 'the selection still on 0003');

		// D on 0001 names the table it drops and its rows; n cancels and nothing changes.
		tui.keys('k', 'k');
		await tui.waitFor(text => selectedRow(text).includes('0001-create-user'), 'the selection on 0001');
		tui.keys('D');
		screen = await tui.waitForText('Downgrade to 0001-create-user?');
		assert.match(screen.replaceAll('\n', ' '), /Drops table post \(36 +rows\)/);
		tui.keys('n');
		await tui.waitForText('downgrade cancelled; nothing was changed');
		assert.deepEqual(await inspect(database), {current: '0006-user-case-unique', pending: [], posts: 36}, 'nothing changed');

		// D on 0002: reverts 0006, 0005, 0004 and 0003, drops no table; y runs it.
		tui.keys('j');
		await tui.waitFor(text => selectedRow(text).includes('0002-create-post'), 'the selection on 0002');
		tui.keys('D');
		screen = await tui.waitForText('Downgrade to 0002-create-post?');
		assert.match(
			screen.replaceAll('\n', ' '),
			/Reverts 0006-user-case-unique, +0005-post-change-notify, +0004-post-timestamp-utc, +0003-feed-indexes\. +Drops no table; every row stays\./,
		);
		tui.keys('y');
		screen = await tui.waitForText('downgraded to 0002-create-post: reverted 0006-user-case-unique, 0005-post-change-notify, 0004-post-timestamp-utc, 0003-feed-indexes');
		assert.match(screen, /current: 0002-create-post \(4 pending\)/);
		assert.match(screen, /0003-feed-indexes +pending/);
		assert.match(screen, /0004-post-timestamp-utc +pending/);
		assert.match(screen, /0005-post-change-notify +pending/);
		assert.match(screen, /0006-user-case-unique +pending/);
		assert.match(selectedRow(screen), /0002-create-post .*◀ current/);
		assert.deepEqual(
			await inspect(database),
			{current: '0002-create-post', pending: ['0003-feed-indexes', '0004-post-timestamp-utc', '0005-post-change-notify', '0006-user-case-unique'], posts: 36},
			'every post kept',
		);

		// u on 0006 applies all four again, and the feed reads the posts.
		tui.keys('j', 'j', 'j', 'j');
		await tui.waitFor(text => selectedRow(text).includes('0006-user-case-unique'), 'the selection on 0006');
		tui.keys('u');
		screen = await tui.waitForText('upgraded to 0006-user-case-unique: applied 0003-feed-indexes, 0004-post-timestamp-utc, 0005-post-change-notify, 0006-user-case-unique');
		assert.match(screen, /current: 0006-user-case-unique \(head\)/);
		tui.keys('Escape');
		screen = await tui.waitForText('1 of 36');
		assert.match(screen, /Feed · newest first/);
		assert.match(screen, /\(#36\)/, 'the newest post is on screen');

		// ` opens the SQL pane; opening a profile shows the query the posts association issued.
		tui.keys('`');
		await tui.waitForText(/SQL · \d+ statements run/);
		tui.keys('Tab');
		await tui.waitForText('Users · name A→Z');
		// The change watch polls every 500 ms and can still report the migrations' own commits, re-reading every
		// list: opening the profile during that re-read pushed its query out of the pane (seen in a CI run). Open
		// it once no statement has run for more than a poll interval.
		await tui.waitForQuiet(text => /SQL · (\d+) statements run/.exec(text)?.[1], 1200, 'the statement count to hold still');
		tui.keys('Enter');
		// The pane can show the association query a frame before the profile's header has loaded: wait for both.
		screen = await tui.waitFor(
			// The pane wraps long statements: any word break may be a line break.
			text => /JOIN\s+[`"]user[`"]\s+AS\s+[`"]author[`"][\s\S]*user_id[`"]?\s+=\s+\d+/.test(text) && text.includes('Profile: ana'),
			'the profile of ana with its association query in the SQL pane',
		);
		assert.match(screen, /FROM\s+[`"]post[`"]\s+AS\s+[`"]Post[`"]/);

		// A resize with the pane open reflows both, the pane still at the bottom. tmux cuts the old frame to 80×24 at
		// once, pane title included, before the app has redrawn: wait for the app's own frame, whose 23 rows put the
		// tab line on the first row and the status bar on the last.
		execFileSync('tmux', ['resize-window', '-t', tui.name, '-x', '80', '-y', '24']);
		screen = await tui.waitFor(text => {
			const lines = text.split('\n');
			return lines[0]!.includes('1 Feed') && /Profile: ana/.test(lines[22] ?? '') && lines.every(line => line.length <= 80) && /SQL · \d+ statements run/.test(text);
		}, 'the layout redrawn at 80×24');
		const rows = screen.split('\n');
		const paneTitle = rows.findIndex(line => /SQL · \d+ statements run/.test(line));
		const profileHeader = rows.findIndex(line => /^ana +</.test(line));
		assert.ok(profileHeader > 0 && paneTitle > profileHeader && paneTitle < 22, `the pane between the profile and the status bar:\n${screen}`);

		// q goes back to Users, q again quits and the terminal is restored.
		tui.keys('q');
		await tui.waitForText(/Users · name A→Z/);
		tui.keys('q');
		await tui.waitForText('EXIT=0');
		assert.equal(tui.query('alternate_on'), '0', 'alternate screen left');
		assert.equal(tui.query('cursor_flag'), '1', 'cursor visible again');
		assert.deepEqual(await inspect(database), {current: '0006-user-case-unique', pending: [], posts: 36});
	});
});
