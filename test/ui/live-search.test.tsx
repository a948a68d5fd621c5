import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {runForeignClient, sqlText} from '../helpers/foreign-client.js';
import {testEngine} from '../helpers/engine.js';
import {frame, keys, makeDatabase, press, renderApp, seedPosts, seedUser, selectedLine, waitFor, waitForSelected, waitForText} from '../helpers/tui.js';
import type {RenderedApp, TestDatabase} from '../helpers/tui.js';

/*
 * Issue 19, live search, through the real <App>: the filter applies as it is typed (no Enter), keeps the selected row
 * when it still matches, marks the match in each row and cuts a long row around it; `/` in Users; `@` completes
 * usernames; `@nobody` says so. The non-ASCII rows are written by the engine's own shell.
 */

const promptOpen = /filter \((text or @name|name or email), Enter keeps, Esc clears\)/;
const plain = (text: string) => text.replace(/\u001B\[[0-9;]*m/g, '');

describe(`live search (${testEngine})`, () => {
	let db: TestDatabase;
	let app: RenderedApp;

	before(async () => {
		db = await makeDatabase();
		const susan = await seedUser('susan');
		const sue = await seedUser('sue');
		await seedUser('sunny');
		for (let index = 0; index < 60; index++) {
			await seedUser(`member${String(index).padStart(2, '0')}`, `m${index}@club.example`);
		}
		await seedPosts(sue, 20, {body: index => `sue says ${index + 1}`, endsAt: new Date(Date.now() - 3_600_000)});
		await seedPosts(susan, 5, {body: index => `susan writes ${index + 1}`, endsAt: new Date(Date.now() - 7_200_000)});
		const long = `${'a long preamble that goes on and on '.repeat(2)}then the CAFÉ at last and more words after it to cut`;
		await runForeignClient(
			db.file,
			`INSERT INTO post (body, timestamp, user_id) VALUES (${sqlText('un café au lait')}, '2026-01-01 10:00:00', ${susan}), (${sqlText(long)}, '2026-01-01 09:00:00', ${susan});\n`,
		);
		app = renderApp({database: db.database, width: 80, height: 20});
		await waitForText(app, '1 of 27');
	});

	after(async () => {
		app.unmount();
		await db.close();
	});

	it('filters as the text is typed, with the prompt still open, and keeps the selected row when it still matches', async () => {
		// Select "sue says 18" (third from the top), then narrow to "says 1": it is still in the list, and still selected.
		await press(app, 'j', 'j');
		await waitForSelected(app, /sue says 18\s*$/);
		await press(app, '/');
		await waitForText(app, promptOpen);
		for (const key of ['s', 'a', 'y', 's', ' ', '1']) {
			await press(app, key);
		}
		// "sue says 1" and "sue says 10"–"19": eleven, before any Enter.
		await waitForText(app, 'of 11');
		assert.match(frame(app), promptOpen, 'the prompt is still open');
		await waitForSelected(app, /sue «says 1»8/);
		assert.match(frame(app), /says 1».*8|«says 1»8/, 'the match is marked in the row');
		// A letter the selected row does not match: the list starts at its top.
		await press(app, '9');
		await waitForText(app, '1 of 1');
		await waitForSelected(app, /sue «says 19»/);
		await press(app, keys.enter);
		await waitFor(() => !promptOpen.test(frame(app)), {what: 'the prompt to close'});
		assert.match(frame(app), /filter: says 19/, 'Enter keeps the filter');
		await press(app, keys.escape);
		await waitForText(app, 'of 27');
		await waitForSelected(app, /sue says 19/);
	});

	it('finds CAFÉ in any case and cuts a long row around the match', async () => {
		await press(app, '/', 'CAFÉ');
		await waitForText(app, '1 of 2');
		const rows = plain(frame(app)).split('\n');
		assert.ok(rows.some(row => row.includes('un «café» au lait')), `café marked:\n${frame(app)}`);
		const cut = rows.find(row => row.includes('«CAFÉ»'));
		assert.ok(cut, `the long row shows its match:\n${frame(app)}`);
		assert.match(cut, /susan +\S+ +….*then the «CAFÉ» at last.*…$/, 'cut in front and behind');
		assert.ok(rows.every(row => row.length <= 80));
		await press(app, keys.escape);
		await waitForText(app, 'of 27');
	});

	it('offers usernames while @ is typed; Tab completes, again the next', async () => {
		await press(app, keys.home, '/', '@', 'S', 'u');
		await waitForText(app, 'Tab: @sue @sunny @susan');
		await press(app, keys.tab);
		await waitForText(app, /clears\): @sue( {2}|\n)/);
		await waitForText(app, '1 of 20');
		await press(app, keys.tab);
		await waitForText(app, /clears\): @sunny( {2}|\n)/);
		await press(app, keys.tab);
		await waitForText(app, /clears\): @susan( {2}|\n)/);
		await waitForText(app, '1 of 7');
		await press(app, keys.enter);
		await waitForText(app, 'filter: @susan');
		await press(app, keys.escape);
		await waitForText(app, 'of 27');
	});

	it('@SUSAN finds susan in any case, and @nobody says there is no such user', async () => {
		await press(app, '/', '@SUSAN', keys.enter);
		await waitForText(app, '1 of 7');
		assert.ok(plain(frame(app)).includes('«susan»'), 'the author marked');
		await press(app, '/', keys.escape);
		await waitForText(app, 'of 27');
		await press(app, '/', '@nobody', keys.enter);
		await waitForText(app, 'no such user: nobody');
		assert.ok(!frame(app).includes('No posts match'));
		await press(app, keys.escape);
		await waitForText(app, 'of 27');
	});

	it('/ in Users filters by name or email, live, over more users than a page', async () => {
		await press(app, '2');
		await waitForText(app, 'Users · name A→Z · 1 of 63');
		await press(app, '/');
		await waitForText(app, 'filter (name or email');
		await press(app, 'M', '1');
		// m1@, m10@–m19@ by email.
		await waitForText(app, '1 of 11');
		assert.ok(plain(frame(app)).includes('«m1»0@club.exam'), `email marked:\n${frame(app)}`);
		// member01 (m1@) is selected, and still matches "Member": it stays selected.
		await press(app, keys.backspace, 'e', 'm', 'b', 'e', 'r');
		await waitForText(app, '2 of 60');
		await waitForSelected(app, /«member»01/);
		await press(app, keys.enter, 'G');
		await waitForText(app, '60 of 60');
		await waitForSelected(app, /«member»59/);
		// The prompt opens with the filter in force: Esc clears it, / starts afresh.
		await press(app, '/', keys.escape, '/', 'SUS', keys.enter);
		await waitForText(app, '1 of 1');
		await waitForSelected(app, /«sus»an/);
		await press(app, keys.escape);
		await waitForText(app, 'of 63');
		await press(app, '1');
		await waitForText(app, 'of 27');
	});

	it('takes keys typed while the list is read: none is lost', async () => {
		// The selected row (the newest, "sue says 20") matches: the moves count from it in the filtered list.
		await press(app, keys.home, '/');
		await waitForText(app, promptOpen);
		app.stdin.write('sue says\r');
		app.stdin.write('jjj');
		await waitForText(app, '4 of 20');
		assert.match(selectedLine(app) ?? '', /«sue says» 17/);
		// It does not match: the moves wait for the filtered list's first page.
		await press(app, '/', keys.escape, '/');
		await waitForText(app, promptOpen);
		app.stdin.write('susan\r');
		app.stdin.write('jj');
		await waitForText(app, '3 of 5');
		assert.match(selectedLine(app) ?? '', /«susan» writes 3/);
		await press(app, keys.escape);
		await waitForText(app, 'of 27');
	});
});

describe('live search with colour', () => {
	it('marks the match bold, underlined, in the warning colour', async () => {
		const db = await makeDatabase();
		const user = await seedUser('ann');
		await seedPosts(user, 3, {body: index => `Crème brûlée ${index + 1}`});
		const app = renderApp({database: db.database, color: true});
		try {
			await waitForText(app, '1 of 3');
			await press(app, '/', 'BRÛLÉE');
			await waitForText(app, '1 of 3');
			// Yellow, bold, underline (in whichever order Ink writes them) around the match only.
			await waitForText(app, /\u001B\[(?:33|1|4)m(?:\u001B\[(?:33|1|4)m)*brûlée\u001B\[/);
			assert.ok(!frame(app).includes('«'), 'no guillemets when colour shows the match');
		} finally {
			app.unmount();
			await db.close();
		}
	});
});
