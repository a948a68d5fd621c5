import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import {upgrade} from '../../source/db/migrator.js';
import {SqlLog} from '../../source/store/sql-log.js';
import {routeLibraryOutput} from '../../source/ui/terminal/library-output.js';
import {failingCommits} from '../helpers/failing-commit.js';
import {frame, keys, press, renderSignedIn, seedPosts, seedUser, waitFor, waitForText} from '../helpers/tui.js';

/** What Sequelize prints with console.warn when a COMMIT fails (node_modules/sequelize/lib/transaction.js). */
const sequelizeWarning = /Committing transaction|killing its connection|undetermined state/;

/*
 * The App when a post's COMMIT fails (a full disk on SQLite, a deferred check on PostgreSQL): one line of
 * error in the compose box, the draft kept, and the next Enter, once the cause is gone, posts it. The
 * console is routed as runTui routes it, so Sequelize's warning shows in the SQL pane and nowhere else.
 * test/e2e/failed-commit-in-tmux.test.ts does the same with the built binary in a real terminal.
 */
describe('a failed COMMIT in the App', () => {
	it('keeps the frame and the draft; the warning is in the SQL pane', async t => {
		const failing = await failingCommits();
		if ('skip' in failing) {
			t.skip(failing.skip);
			return;
		}
		const sqlLog = new SqlLog();
		const database = await openDatabase(resolveDatabase(failing.location), {mode: 'create', logging: sqlLog.record});
		const route = routeLibraryOutput(sqlLog, {debug: false});
		t.after(async () => {
			route.restore();
			await database.close();
		});
		await upgrade(database, undefined);
		const carol = await seedUser('carol');
		await seedPosts(carol, 3);
		const app = await renderSignedIn({database: database, initialUser: 'carol', sqlLog, width: 100, height: 24});
		t.after(() => app.unmount());
		await waitForText(app, '1 of 3');

		// What reaches stderr from here on: in a real terminal, that is written over the frame.
		let stderr = '';
		const write = process.stderr.write;
		process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
			stderr += String(chunk);
			return (write as (...args: unknown[]) => boolean).call(process.stderr, chunk, ...rest);
		}) as typeof process.stderr.write;
		t.after(() => {
			process.stderr.write = write;
		});
		await failing.break();
		await press(app, 'c');
		await waitForText(app, '0/140');
		const draft = 'kept through a failed commit';
		await press(app, draft);
		await waitForText(app, `${draft.length}/140`);
		await press(app, keys.enter);
		const failed = await waitForText(app, failing.failure);
		const lines = failed.split('\n');
		assert.match(lines[0]!, /1 Feed.*2 Users/);
		assert.equal(lines.filter(line => failing.failure.test(line)).length, 1, `one line of error:\n${failed}`);
		assert.equal(lines.filter(line => line.includes(draft)).length, 1, `the draft, once:\n${failed}`);
		assert.ok(lines.length <= 24);
		await waitFor(() => sqlLog.getNoteCount() === 1, {what: "Sequelize's warning, noted"});
		assert.match(sqlLog.entries().find(entry => entry.note)!.sql, /^Committing transaction .* failed/);

		// Esc keeps the draft; the SQL pane shows the warning after the statements that led to it.
		await press(app, keys.escape);
		await waitFor(() => !frame(app).includes('New post'), {what: 'the compose box to close'});
		await press(app, '`');
		await waitForText(app, /warn {2}Committing transaction/);
		await press(app, '`');
		await waitFor(() => !frame(app).includes('SQL · '), {what: 'the pane to close'});

		await failing.mend();
		await press(app, 'c');
		await waitForText(app, draft);
		await press(app, keys.enter);
		const posted = await waitForText(app, '1 of 4');
		assert.equal(posted.split('\n').filter(line => line.includes(draft)).length, 1);
		assert.doesNotMatch(stderr, sequelizeWarning, 'nothing of it on stderr, where a real terminal would show it');
	});
});
