import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {frame, holdPostWriteLock, keys, makeDatabase, press, renderApp, renderSignedIn, seedPosts, seedUser, testPassword, waitForSelected, waitForText} from '../helpers/tui.js';
import type {RenderedApp, TestDatabase} from '../helpers/tui.js';

describe('accounts, compose and delete', () => {
	let db: TestDatabase;
	let app: RenderedApp;

	before(async () => {
		db = await makeDatabase();
		const carol = await seedUser('carol');
		await seedPosts(carol, 3, {body: index => `carol says ${index + 1}`, endsAt: new Date(Date.now() - 3_600_000)});
		app = renderApp({database: db.database});
		await waitForText(app, '1 of 3');
	});

	after(async () => {
		app.unmount();
		await db.close();
	});

	async function fillRegister(values: [string, string, string, string]): Promise<void> {
		await press(app, 'a');
		await waitForText(app, 's sign in · r register');
		await press(app, 'r');
		await waitForText(app, 'Register a new account');
		for (const value of values) {
			await press(app, value, keys.enter);
		}
	}

	it('refuses a bad email and mismatched passwords before hashing, keeping the form', async () => {
		await fillRegister(['dave', 'not-an-email', 'password1', 'password1']);
		await waitForText(app, 'email is not a valid address');
		assert.match(frame(app), /username: +dave/);
		assert.match(frame(app), /password: +•{9}\n/);
		assert.ok(!frame(app).includes('password1'), 'passwords are never echoed');
		await press(app, keys.escape);
		await fillRegister(['dave', 'dave@example.com', 'password1', 'password2']);
		await waitForText(app, 'the passwords do not match');
		await press(app, keys.escape);
	});

	it('refuses a taken username and a registered email', async () => {
		await fillRegister(['carol', 'new@example.com', 'password1', 'password1']);
		await waitForText(app, 'that username is taken');
		await press(app, keys.escape);
		await fillRegister(['erin', 'carol@example.com', 'password1', 'password1']);
		await waitForText(app, 'that email is already registered');
		await press(app, keys.escape);
		await waitForText(app, 'not signed in');
	});

	it('signs in with the right password only, without saying whether the user exists', async () => {
		await press(app, 'a', 's');
		await waitForText(app, 'Sign in');
		await press(app, 'carol', keys.tab, 'wrong password', keys.enter);
		await waitForText(app, 'wrong username or password');
		// Fix the password: clear it with backspace and type the right one.
		for (let index = 0; index < 'wrong password'.length; index++) {
			await press(app, keys.backspace);
		}
		await waitForText(app, /› password: *\n/);
		await press(app, testPassword, keys.enter);
		await waitForText(app, 'signed in as carol');
		assert.match(frame(app), /carol · \? help/);
	});

	it('composes: blank and 141 characters are refused with the draft kept; Esc keeps it; Enter posts', async () => {
		await press(app, 'c');
		await waitForText(app, 'New post');
		await press(app, '   ', keys.enter);
		await waitForText(app, 'a post cannot be empty');
		await press(app, keys.backspace, keys.backspace, keys.backspace);
		await press(app, 'x'.repeat(141));
		await waitForText(app, '141/140');
		await press(app, keys.enter);
		await waitForText(app, 'a post is at most 140 characters (this one has 141)');
		await press(app, keys.backspace);
		await waitForText(app, '140/140');
		await press(app, keys.escape);
		await waitForText(app, '1 of 3');
		await press(app, 'c');
		await waitForText(app, '140/140');
		for (let index = 0; index < 140; index++) {
			await press(app, keys.backspace);
		}
		await waitForText(app, '0/140');
		await press(app, 'hello from the test', keys.enter);
		await waitForText(app, 'posted');
		await waitForSelected(app, /carol .* hello from the test/);
		assert.match(frame(app), /1 of 4/);
		await press(app, 'c');
		await waitForText(app, '0/140');
		await press(app, keys.escape);
	});

	it('says "posting…" while a post waits for another program\'s lock, then shows the post', async () => {
		await press(app, 'c');
		await waitForText(app, '0/140');
		await press(app, 'a draft that waits');
		await waitForText(app, '18/140');
		const release = await holdPostWriteLock(db);
		try {
			await press(app, keys.enter);
			await waitForText(app, 'posting…');
		} finally {
			await release();
		}
		await waitForText(app, 'posted');
		await waitForSelected(app, /carol .* a draft that waits/);
		assert.doesNotMatch(frame(app), /posting…/);
		// Leaves the feed as the next test expects it.
		await press(app, 'd');
		await waitForText(app, 'Delete this post? y/n');
		await press(app, 'y');
		await waitForText(app, 'post deleted');
	});

	it('deletes only your own posts, after y/n', async () => {
		const mallory = await seedUser('mallory');
		await seedPosts(mallory, 1, {body: () => 'not yours'});
		await waitForSelected(app, /carol .* hello from the test/);
		await press(app, 'g');
		await waitForText(app, '1 of 4');
		// The refresh poll is off in tests: reload by switching sort back and forth.
		await press(app, 'S', 'S');
		await waitForSelected(app, /mallory .* not yours/);
		await press(app, 'd');
		await waitForText(app, 'you can only delete your own posts');
		await press(app, 'j', 'd');
		await waitForText(app, 'Delete this post? y/n');
		await press(app, 'n');
		await waitForText(app, 'kept the post');
		assert.match(frame(app), /2 of 5/);
		await press(app, 'd');
		await waitForText(app, 'Delete this post? y/n');
		await press(app, 'y');
		await waitForText(app, 'post deleted');
		await waitForText(app, '2 of 4');
		assert.ok(!frame(app).includes('hello from the test'));
		await waitForSelected(app, /carol .* carol says 3/);
		// From the post view too, which then goes back.
		await press(app, keys.enter);
		await waitForText(app, 'Post #');
		await press(app, 'd', 'y');
		await waitForText(app, 'post deleted');
		await waitForText(app, '2 of 3');
	});

	it('signs out, and asks to sign in before composing', async () => {
		await press(app, 'a');
		await waitForText(app, 'Signed in as carol');
		await press(app, 'o');
		await waitForText(app, 'signed out carol');
		await press(app, 'd');
		await waitForText(app, 'sign in (a) to delete your own posts');
		await press(app, 'c');
		await waitForText(app, 'sign in to post');
		await press(app, 'carol', keys.enter, testPassword, keys.enter);
		await waitForText(app, 'New post');
		await press(app, keys.escape);
	});

	it('registers a new account and signs it in', async () => {
		await press(app, 'a', 'o');
		await fillRegister(['dave', 'dave@example.com', 'password1', 'password1']);
		await waitForText(app, 'registered and signed in as dave');
		await press(app, '2');
		await waitForText(app, 'Users · name A→Z · 1 of 3');
		assert.match(frame(app), /dave +dave@example\.com +0/);
	});

	it('draws no frame for Enter while a quick post is written: the next frame is the feed', async () => {
		// "posting…" waits a minute here, so a slow machine cannot draw it for the quick write.
		const quiet = await renderSignedIn({database: db.database, initialUser: 'carol', busyFrameDelayMs: 60_000});
		try {
			await press(quiet, 'c');
			await waitForText(quiet, '0/140');
			await press(quiet, 'no flash');
			await waitForText(quiet, '8/140');
			const before = quiet.frames.length;
			await press(quiet, keys.enter);
			await waitForText(quiet, 'posted');
			const after = quiet.frames.slice(before);
			assert.doesNotMatch(after[0]!, /New post|posting…/, 'the first frame after Enter has the compose box closed');
			await waitForSelected(quiet, /carol .* no flash/);
		} finally {
			quiet.unmount();
		}
	});
});
