// Issue 19's small items in the TUI, each through the real <App>.
import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {frame, keys, makeDatabase, press, renderApp, renderSignedIn, seedPosts, seedUser, waitFor, waitForText} from '../helpers/tui.js';

describe('issue 19: small items in the TUI', () => {
	it('a profile whose latest post is new reads "latest just now", not "now ago"', async () => {
		const db = await makeDatabase();
		await seedPosts(await seedUser('amy'), 1);
		const app = renderApp({database: db.database});
		try {
			await waitForText(app, '1 of 1');
			await press(app, '2');
			await waitForText(app, 'Users · name A→Z · 1 of 1');
			// u on a user opens that user's profile (it used to say "select a post first").
			await press(app, 'u');
			const shown = await waitForText(app, '1 post · latest just now');
			assert.match(shown, /Profile: amy/);
			assert.doesNotMatch(shown, /now ago|select a post first/);
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('an empty feed tells a signed-in user c to compose, not a to sign in', async () => {
		const db = await makeDatabase();
		await seedUser('amy');
		const app = await renderSignedIn({database: db.database, initialUser: 'amy'});
		try {
			const shown = await waitForText(app, 'No posts yet. Press c to compose the first one.');
			assert.doesNotMatch(shown, /sign in/);
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('the start-up "needs migrating" screen lists Esc, which quits as q does', async () => {
		const db = await makeDatabase({migrate: false});
		const app = renderApp({database: db.database});
		try {
			await waitForText(app, 'current: base');
			assert.match(frame(app), /m apply them now · q or Esc quits without changing anything/);
			await press(app, keys.escape);
			assert.equal(app.quits(), 1);
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('Esc and a letter read as one Alt key (a fast typist, tmux) are still the two keys: Esc closes the post, q quits', async () => {
		const db = await makeDatabase();
		await seedPosts(await seedUser('amy'), 2);
		const app = renderApp({database: db.database});
		try {
			await waitForText(app, '1 of 2');
			await press(app, keys.enter);
			await waitForText(app, 'Post ');
			// One chunk: Ink reads ESC q as Alt-Q.
			await press(app, '\u001Bq');
			await waitFor(() => app.quits() === 1, {what: 'q after Esc to quit from the Feed'});
		} finally {
			app.unmount();
			await db.close();
		}
	});
});
