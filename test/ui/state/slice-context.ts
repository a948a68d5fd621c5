import type {Database} from '../../../source/db/connection.js';
import {Post, User} from '../../../source/db/models/index.js';
import type {Account} from '../../../source/store/accounts.js';
import {hashPassword} from '../../../source/store/password.js';
import type {AppContext} from '../../../source/ui/state/app-context.js';
import {KeyQueue} from '../../../source/ui/state/key-queue.js';
import {ListsState} from '../../../source/ui/state/lists-state.js';
import {Messages} from '../../../source/ui/state/messages.js';
import {Navigation} from '../../../source/ui/state/navigation.js';
import {ProfilesState} from '../../../source/ui/state/profiles-state.js';
import {ReplacedFileState} from '../../../source/ui/state/replaced-file-state.js';
import type {ReplacedFileSession} from '../../../source/ui/state/replaced-file-state.js';
import {SqlPaneState} from '../../../source/ui/state/sql-pane-state.js';

/**
 * The shared part a slice is made with, as the root makes it but without the other slices: frames and read
 * failures are counted, and keys waiting for a list are handled by `route` (nothing, unless a test sets it).
 */
export function sliceContext(database: Database) {
	const seen = {frames: 0, failures: [] as unknown[], listChanges: 0, route: (_name: string, _text: string) => undefined as void};
	let disposed = false;
	const keys = new KeyQueue({
		splitsCommands: () => false,
		mustWait: () => false,
		route: press => seen.route(press.name, press.text),
		stopped: () => disposed,
	});
	const messages = new Messages();
	const context: AppContext = {
		database,
		messages,
		keys,
		modal: {current: undefined},
		changed: () => {
			seen.frames++;
		},
		disposed: () => disposed,
		readFailed: error => {
			seen.failures.push(error);
		},
		listChanged: () => {
			seen.listChanges++;
		},
		readsRecovered: () => true,
	};
	return {
		context,
		seen,
		dispose: () => {
			disposed = true;
		},
	};
}

let hash: Promise<string> | undefined;
export const slicePassword = 'correct horse';

/** A user written by the models, as another program would; the password is slicePassword. */
export async function addUser(username: string): Promise<Account> {
	hash ??= hashPassword(slicePassword);
	const user = await User.create({username, email: `${username}@example.com`, password_hash: await hash});
	return {id: user.id, username, email: `${username}@example.com`};
}

/** `count` posts by `userId`, a minute apart, the newest now; their ids, oldest first. */
export async function addPosts(userId: number, count: number, body = (index: number) => `post ${index + 1}`): Promise<number[]> {
	const now = Date.now();
	const rows = Array.from({length: count}, (_, index) => ({body: body(index), user_id: userId, timestamp: new Date(now - (count - 1 - index) * 60_000)}));
	return (await Post.bulkCreate(rows)).map(post => post.id);
}

/** Waits until `check` gives something (a list loads, a write ends). */
export async function until<T>(check: () => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
	const started = Date.now();
	for (;;) {
		const value = check();
		if (value !== undefined && value !== false) {
			return value;
		}
		if (Date.now() - started > timeoutMs) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

const namedKeys = new Set(['enter', 'escape', 'tab', 'backtab', 'backspace', 'up', 'down', 'pageup', 'pagedown', 'home', 'end']);

/** Each key of `keys` in turn, as a slice's handler gets them: a named key (enter, tab…), or typed text. */
export function pressEach(handle: (name: string, text: string) => void, ...keys: string[]): void {
	for (const key of keys) {
		handle(key, namedKeys.has(key) ? '' : key);
	}
}

/** The slices every reading view stands on: the view stack, the SQL pane's rows, the profiles and the lists. */
export function readingSlices(context: AppContext, size = {height: 24, width: 100}) {
	const left: unknown[] = [];
	const late: {profiles?: ProfilesState; lists?: ListsState} = {};
	const navigation = new Navigation({
		left: entry => {
			left.push(entry);
			if (entry.kind === 'profile') {
				late.profiles?.closed(entry);
			}
		},
		quit: () => undefined,
	});
	const pane = new SqlPaneState(size, () => late.lists?.applyHeights());
	const profiles = new ProfilesState(context, navigation, pane);
	const lists = new ListsState(context, navigation, profiles, pane);
	Object.assign(late, {profiles, lists});
	const dispose = () => {
		profiles.dispose();
		lists.dispose();
	};
	return {navigation, pane, profiles, lists, left, dispose};
}

/** A ReplacedFileState that watches nothing (the file is never found replaced unless a write says so). */
export function fileState(context: AppContext, session: Partial<ReplacedFileSession> = {}): ReplacedFileState {
	return new ReplacedFileState(context, {fileCheckMs: 0}, {
		carried: () => ({draft: '', account: undefined}),
		stopReading: () => undefined,
		...session,
	});
}
