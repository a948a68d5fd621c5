import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {Post} from '../../source/db/models/index.js';
import {frame, keys, makeDatabase, press, renderSignedIn, seedPosts, seedUser, waitForText} from '../helpers/tui.js';
import type {RenderedApp, TestDatabase} from '../helpers/tui.js';

const start = '\u001B[200~';
const end = '\u001B[201~';

/** Writes `chunks` as separate reads, a turn of the event loop between them (Ink flushes a cut escape sequence then). */
async function writeChunks(app: RenderedApp, ...chunks: string[]): Promise<void> {
	for (const chunk of chunks) {
		app.stdin.write(chunk);
		await new Promise(resolve => setImmediate(resolve));
	}
}

/*
 * Issue 19: a multi-line paste into the compose box posted its first line at once and lost the rest; a paste over a
 * list ran its letters as commands. A bracketed paste is now one press: text in the field that has focus.
 */
describe('bracketed paste', () => {
	let db: TestDatabase;
	let app: RenderedApp;

	before(async () => {
		db = await makeDatabase();
		const carol = await seedUser('carol');
		await seedPosts(carol, 3, {body: index => `carol says ${index + 1}`});
		app = await renderSignedIn({database: db.database, initialUser: 'carol', width: 100, height: 24});
	});

	after(async () => {
		app.unmount();
		await db.close();
	});

	it('three lines pasted into the compose box are one line of the draft, nothing posted', async () => {
		await press(app, 'c');
		await waitForText(app, '0/140');
		// Cut the way a terminal's reads cut it: inside the text and inside the end mark.
		await writeChunks(app, `${start}first line\nsecond`, ' line\r\nthird\u001B[20', '1~');
		await waitForText(app, 'first line second line third');
		assert.match(frame(app), /28\/140/);
		assert.equal(await Post.count(), 3, 'nothing was posted');
		// The box is still open and takes keys: Enter posts the whole draft.
		await press(app, keys.enter);
		await waitForText(app, 'posted');
		assert.equal((await Post.findOne({order: [['id', 'DESC']]}))?.body, 'first line second line third');
	});

	it('a paste over a list is ignored with a hint, not run as commands', async () => {
		await waitForText(app, '1 of 4');
		assert.match(frame(app), /Feed · newest first · 1 of 4/);
		await writeChunks(app, `${start}sSjjq\r${end}`);
		const after = await waitForText(app, 'paste ignored: no text field is open (c composes, / filters)');
		assert.match(after, /Feed · newest first · 1 of 4/, 'no sort changed, the selection did not move');
		assert.equal(app.quits(), 0, 'q in the paste did not quit');
	});

	it('a paste into the filter prompt is text; typed keys after the end mark still act', async () => {
		await press(app, '/');
		await waitForText(app, 'filter (text or @name');
		await writeChunks(app, `${start}says\n2${end}\r`);
		await waitForText(app, '1 of 1');
		// The match is marked («…» without colour).
		assert.match(frame(app).replace(/[«»]/g, ''), /carol says 2/);
		await press(app, '/', keys.escape);
		// The whole feed again, the selection kept on the post that matched.
		await waitForText(app, '3 of 4');
	});

	it('a paste into a form field is text, Enter in it does not submit', async () => {
		await press(app, 'a');
		await waitForText(app, 'o sign out');
		await press(app, 'o');
		await waitForText(app, 'signed out carol');
		await press(app, 'a', 's');
		await waitForText(app, 'Sign in');
		await writeChunks(app, `${start}car\nol${end}`);
		const typed = await waitForText(app, 'car ol');
		assert.doesNotMatch(typed, /password: *\S/, 'the focus stayed on the username');
		await press(app, keys.escape);
		await waitForText(app, 'not signed in');
	});
});
