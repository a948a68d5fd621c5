import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {Post} from '../../source/db/models/index.js';
import {frame, keys, makeDatabase, press, renderSignedIn, seedPosts, seedUser, testPassword, waitFor, waitForText} from '../helpers/tui.js';
import type {RenderedApp, TestDatabase} from '../helpers/tui.js';

/** The editing keys as a terminal sends them (xterm). */
const edit = {
	left: '\u001B[D',
	right: '\u001B[C',
	home: '\u001B[H',
	end: '\u001B[F',
	delete: '\u001B[3~',
	ctrlA: '\u0001',
	ctrlD: '\u0004',
	ctrlE: '\u0005',
	ctrlK: '\u000B',
	ctrlU: '\u0015',
	ctrlW: '\u0017',
	altB: '\u001Bb',
	altF: '\u001Bf',
} as const;

const plain = (text: string) => text.replace(/\u001B\[[0-9;]*m/g, '');

/** The draft as the compose box shows it: the lines between its title and its counter. */
function draft(app: RenderedApp): string | undefined {
	const lines = plain(frame(app)).split('\n');
	const title = lines.findIndex(line => line.startsWith('New post'));
	const counter = lines.findIndex(line => /^\d+\/140/.test(line));
	return title < 0 || counter < 0 ? undefined : lines.slice(title + 1, counter).map(line => line.slice(2)).join('\n').trimEnd();
}

async function waitForDraft(app: RenderedApp, expected: string): Promise<void> {
	try {
		await waitFor(() => draft(app) === expected, {what: `the draft ${JSON.stringify(expected)}`});
	} catch (error) {
		throw new Error(`${(error as Error).message}\n--- last frame ---\n${frame(app)}`);
	}
}

// Ink drops the blank at the end of a line: the prompt of an empty filter ends with the colon.
const filterPrompt = 'filter (text or @name, Enter keeps, Esc clears):';

/** The text in the filter prompt. */
function filterText(app: RenderedApp): string | undefined {
	const line = plain(frame(app)).split('\n').find(line => line.startsWith(filterPrompt));
	return line === undefined ? undefined : line.slice(filterPrompt.length + 1).trimEnd();
}

async function waitForFilter(app: RenderedApp, expected: string): Promise<void> {
	try {
		await waitFor(() => filterText(app) === expected, {what: `the filter ${JSON.stringify(expected)}`});
	} catch (error) {
		throw new Error(`${(error as Error).message}\n--- last frame ---\n${frame(app)}`);
	}
}

/*
 * One text field (issue 19): the compose box, the filter prompt and the form fields edit with the readline keys at
 * a cursor, on grapheme clusters. Before, they could only append and Backspace: a typo meant deleting everything
 * after it.
 */
describe('the text field in compose, the filter and a form', () => {
	let db: TestDatabase;
	let app: RenderedApp;

	before(async () => {
		db = await makeDatabase();
		const carol = await seedUser('carol');
		await seedPosts(carol, 3, {body: index => `carol says ${index + 1}`, endsAt: new Date(Date.now() - 3_600_000)});
		app = await renderSignedIn({database: db.database, initialUser: 'carol', width: 80, height: 20});
		await press(app, 'c');
		await waitForText(app, '0/140');
	});

	after(async () => {
		app.unmount();
		await db.close();
	});

	/** Empties the draft (Ctrl-E, Ctrl-U) for the next case. */
	async function clear(): Promise<void> {
		await press(app, edit.ctrlE, edit.ctrlU);
		await waitForText(app, '0/140');
	}

	it('compose: ← types before the last character, → moves back over it', async () => {
		await press(app, 'helo', edit.left, 'l');
		await waitForDraft(app, 'hello');
		await press(app, edit.left, edit.left, edit.right, 'X');
		await waitForDraft(app, 'helXlo');
		await clear();
	});

	it('compose: Home/End and Ctrl-A/Ctrl-E go to the start and the end', async () => {
		await press(app, 'world', edit.home, 'hello ');
		await waitForDraft(app, 'hello world');
		await press(app, edit.end, '!');
		await waitForDraft(app, 'hello world!');
		await press(app, edit.ctrlA, '> ');
		await waitForDraft(app, '> hello world!');
		await press(app, edit.ctrlE, '?');
		await waitForDraft(app, '> hello world!?');
		await clear();
	});

	it('compose: Backspace deletes before the cursor, Delete and Ctrl-D after it', async () => {
		await press(app, 'abcdef', edit.left, edit.left, keys.backspace);
		await waitForDraft(app, 'abcef');
		await press(app, edit.delete);
		await waitForDraft(app, 'abcf');
		await press(app, edit.ctrlD);
		await waitForDraft(app, 'abc');
		// At the end there is nothing after the cursor: Delete and Ctrl-D change nothing, and nothing else happens.
		await press(app, edit.delete, edit.ctrlD, 'd');
		await waitForDraft(app, 'abcd');
		await clear();
	});

	it('compose: Ctrl-W deletes the word before the cursor, Ctrl-U to the start, Ctrl-K to the end', async () => {
		await press(app, 'one two three', edit.ctrlW);
		await waitForDraft(app, 'one two');
		await press(app, edit.left, edit.left, edit.left, edit.left, edit.left, edit.ctrlK);
		await waitForDraft(app, 'one');
		await press(app, ' two three', edit.left, edit.left, edit.left, edit.left, edit.left, edit.ctrlU);
		await waitForDraft(app, 'three');
		await clear();
	});

	it('compose: Alt-B and Alt-F move by word', async () => {
		await press(app, 'one two three', edit.altB, edit.altB, '[');
		await waitForDraft(app, 'one [two three');
		await press(app, edit.altF, ']');
		await waitForDraft(app, 'one [two] three');
		await clear();
	});

	it('compose: an emoji ZWJ sequence, a flag, é as e + U+0301 and a CJK character move and delete as one', async () => {
		await press(app, 'a👨‍👩‍👧🇯🇵e\u0301日b', edit.left, edit.left, keys.backspace);
		await waitForDraft(app, 'a👨‍👩‍👧🇯🇵日b');
		await press(app, edit.left, keys.backspace);
		await waitForDraft(app, 'a🇯🇵日b');
		await press(app, edit.home, edit.right, edit.delete);
		await waitForDraft(app, 'a日b');
		await press(app, edit.delete);
		await waitForDraft(app, 'ab');
		await clear();
	});

	it('compose: the counter counts as before, and a draft edited mid-text posts as shown', async () => {
		await press(app, 'fixed a typo in the middel of it', edit.altB, edit.altB, edit.altB, edit.altF, keys.backspace, keys.backspace, 'le');
		await waitForDraft(app, 'fixed a typo in the middle of it');
		await waitForText(app, '32/140');
		await press(app, keys.enter);
		await waitForText(app, 'posted');
		const post = await Post.findOne({where: {body: 'fixed a typo in the middle of it'}});
		assert.ok(post, 'the post as edited is in the database');
	});

	it('the filter: the same keys edit the prompt, and Ctrl-U/Ctrl-D edit rather than page the list', async () => {
		await waitForText(app, '1 of 4');
		await press(app, '/');
		await waitForFilter(app, '');
		await press(app, 'sys 2', edit.home, edit.right, 'a');
		await waitForFilter(app, 'says 2');
		await press(app, edit.end, edit.altB, edit.ctrlK);
		await waitForFilter(app, 'says');
		await press(app, edit.ctrlW, 'xyz', edit.left, edit.left, edit.ctrlD, edit.ctrlU);
		await waitForFilter(app, 'z');
		await press(app, keys.backspace, edit.ctrlD, edit.ctrlU, keys.backspace);
		await waitForFilter(app, '');
		// Empty again, the live filter shows the whole feed, not paged.
		await waitForText(app, '1 of 4');
		await press(app, 'say 2', edit.left, edit.left, 's');
		await waitForFilter(app, 'says 2');
		await press(app, keys.enter);
		// The match is marked in the row («…» without colour): read the rows without the marks.
		const rows = () => plain(frame(app)).replace(/[«»]/g, '');
		await waitFor(() => !rows().includes('carol says 1') && rows().includes('carol says 2'), {what: 'the filtered feed'});
		await press(app, '/', keys.escape);
		await waitForText(app, 'carol says 1');
	});

	it('a form field: the same keys edit the username and the password, and the sign-in works', async () => {
		await press(app, 'a');
		await waitForText(app, 'o sign out');
		await press(app, 'o');
		await waitForText(app, 'signed out carol');
		await press(app, 'a', 's');
		await waitForText(app, 'Sign in');
		await press(app, 'crol', edit.ctrlA, edit.right, 'a', edit.end, 'x', keys.backspace);
		await waitForText(app, /username: +carol\n/);
		await press(app, keys.tab);
		// The password with a wrong word, then mended: Ctrl-W, and a letter fixed in the middle.
		await press(app, 'correct hose', edit.altB, edit.right, edit.right, 'r', edit.end, ' oops', edit.ctrlW, keys.backspace);
		await waitForText(app, new RegExp(`password: +•{${testPassword.length}}\\n`));
		await press(app, keys.enter);
		await waitForText(app, 'signed in as carol');
	});
});
