import type {Database} from '../../db/connection.js';
import {UserError} from '../../errors.js';
import type {Account} from '../../store/accounts.js';
import {accountStillExists, createUser, signIn} from '../../store/accounts.js';
import {defaultPostSort, parsePostFilter} from '../../store/feed-pages.js';
import type {PostFilter, PostRow, PostSort} from '../../store/feed-pages.js';
import {watchPosts} from '../../store/live-updates.js';
import {readProblem} from '../../store/read-problem.js';
import type {ChangeWatch} from '../../store/live-updates.js';
import {bodyProblem, composePost, deletePost, prepareToPost} from '../../store/posts.js';
import {defaultUserSort, findUser} from '../../store/users-query.js';
import type {UserProfile, UserRow, UserSort} from '../../store/users-query.js';
import {sanitizeTyped} from '../text/sanitize.js';
import {splitKeys} from '../input/keys.js';
import {appendTyped, capacityMessage, draftCapacity, fieldCapacity, filterCapacity} from '../input/typed-text.js';
import {helpMaxOffset} from '../help/help-overlay.js';
import {listHeight, rootHeight, sqlPaneRows} from '../layout.js';
import type {ListKind} from '../layout.js';
import {MigrationsScreen} from '../migrations/migrations-screen.js';
import type {MigrationStatus} from '../../store/migrations.js';
import {ListController, pageSizeFor} from '../list/list-controller.js';
import type {FirstPage, ListMove} from '../list/list-controller.js';
import {postSource, userSource} from '../list/list-source.js';
import {rowAt} from '../list/list-window.js';
import {dropLastCharacter, editFocused, formAfterError, formFields, moveFocus, newForm} from './forms.js';
import type {FormKind, FormState} from './forms.js';
import {retryDelayMs} from '../retry-delay.js';
import {DatabaseReplacedError} from '../../store/database-file.js';
import {watchReplacedFile} from './replaced-file-watch.js';
import {Messages} from './messages.js';
import type {Message} from './messages.js';
import {KeyQueue} from './key-queue.js';

export type ProfileEntry = {
	readonly kind: 'profile';
	readonly userId: number;
	readonly list: ListController<PostRow>;
	profile: UserProfile | undefined | null;
	sort: PostSort;
	filterText: string;
	/** Why the profile or its posts could not be read last time (shown while either is still unread; both are retried). */
	problem: string | undefined;
};

export type PostEntry = {readonly kind: 'post'; readonly post: PostRow};

export type MigrationsEntry = {readonly kind: 'migrations'; readonly screen: MigrationsScreen};

export type ViewEntry = {readonly kind: 'feed'} | {readonly kind: 'users'} | ProfileEntry | PostEntry | MigrationsEntry;

export type Modal =
	| {readonly kind: 'help'; readonly offset: number}
	| {readonly kind: 'compose'; readonly error: string | undefined; readonly busy: boolean}
	/** `note`: the text went over what the filter holds (shown in place of the prompt until the next key). */
	| {readonly kind: 'filter'; readonly text: string; readonly note?: string}
	| {readonly kind: 'confirm-delete'; readonly post: PostRow}
	| {readonly kind: 'account-menu'}
	| {readonly kind: 'form'; readonly form: FormState};

export type {Message};

export type AppControllerOptions = {
	readonly database: Database;
	readonly initialUser?: string;
	readonly height: number;
	readonly width: number;
	/** How often the database is watched for posts written by another process (0: not at all). */
	readonly refreshMs?: number;
	readonly onQuit: () => void;
	/** Leaving the Migrations view with the schema below head: the views cannot read it, the app shows what is pending. */
	readonly onSchemaBehind?: () => void;
	/** How long a post's write may take before the compose box says "posting…" (100 ms). */
	readonly busyFrameDelayMs?: number;
	/** The feed's first page as readFirstFeedPage read it before the app started. */
	readonly firstFeedPage?: FirstPage<PostRow>;
	/** How often the SQLite file is checked for being replaced on disk, in ms (0: never; writes check anyway). */
	readonly fileCheckMs?: number;
	/** R after the file was replaced: reopen the database at its path, carrying the draft and the account over. */
	readonly onReopen?: (carried: CarriedSession) => void;
	/**
	 * The file was found replaced: the caller closes the database at once. Until then the old file's -wal and -shm
	 * sit at the names the new file uses, and any program that opens the new file reads (and checkpoints into it)
	 * the old file's pages: seen with the sqlite3 shell, whose count of the new file's posts was the old one's.
	 */
	readonly onFileReplaced?: () => void;
	/** What a session before a reopen had: the draft is kept, and the account if the reopened file still has it. */
	readonly carried?: CarriedSession;
};

/** What survives a reopen of the database (R after its file was replaced). */
export type CarriedSession = {readonly draft: string; readonly account: Account | undefined};

/** Shown while the file is replaced and nothing else is to be said. */
export const replacedFileNotice = 'the database file was replaced on disk: writes are refused; R reopens it';

/**
 * The feed's first page in its start-up order, read before the app exists for a terminal `height` rows high, so that
 * the first frame can show posts; undefined when it cannot be read (the feed then reads and reports it itself).
 */
export async function readFirstFeedPage(database: Database, height: number): Promise<FirstPage<PostRow> | undefined> {
	// The feed's rows at start: the SQL pane is closed.
	const limit = pageSizeFor(Math.max(1, listHeight('feed', height)));
	try {
		return {limit, rows: await postSource(database, defaultPostSort, {}).first(limit)};
	} catch {
		return undefined;
	}
}

/** How long a post's write may take before the compose box says "posting…". */
const defaultBusyFrameDelayMs = 100;

/** Keys the Migrations view lets through while the schema is below head: anything else would read missing tables. */
const keysWhileBehind = new Set(['?', '`', 'escape', 'q']);

const listMoves: Record<string, ListMove> = {
	up: 'up',
	k: 'up',
	down: 'down',
	j: 'down',
	pageup: 'page-up',
	'ctrl-u': 'page-up',
	pagedown: 'page-down',
	'ctrl-d': 'page-down',
	home: 'first',
	g: 'first',
	end: 'last',
	G: 'last',
};

/** Keys that act on the selected row: they wait for it to be loaded rather than do nothing. */
const rowKeys = new Set(['enter', 'u', 'd']);

/**
 * All of the TUI's state and the one place key presses are dispatched, in
 * priority order: the open modal, then the focused view, then global keys.
 * State lives here rather than in React so a handler always sees the latest
 * state, even when keys arrive faster than frames; React re-renders on
 * `version` changes.
 */
export class AppController {
	stack: ViewEntry[] = [{kind: 'feed'}];
	modal: Modal | undefined;
	draft = '';
	readonly messages = new Messages();
	account: Account | undefined;
	feedSort: PostSort = defaultPostSort;
	feedFilterText = '';
	usersSort: UserSort = defaultUserSort;
	/** The SQL pane (`) is open. */
	sqlPane = false;
	readonly feed: ListController<PostRow>;
	readonly users: ListController<UserRow>;
	private height: number;
	private width: number;
	private version = 0;
	private readonly listeners = new Set<() => void>();
	private readonly watch: ChangeWatch | undefined;
	private readonly database: Database;
	private readonly onQuit: () => void;
	private readonly onSchemaBehind: (() => void) | undefined;
	private readonly busyFrameDelayMs: number;
	private disposed = false;
	/** A migration run is under way: tables may vanish, so lists neither refresh nor report failures. */
	private migrating = false;
	/** The last migration run left the schema below head. */
	private schemaBehind = false;
	private readonly keys = new KeyQueue({
		splitsCommands: () => !this.modal,
		mustWait: name => this.mustWait(name),
		route: ({name, text}) => {
			if (this.modal) {
				this.handleModalKey(this.modal, name, text);
			} else if (!this.handleViewKey(name)) {
				this.handleGlobalKey(name);
			}
		},
		stopped: () => this.disposed,
	});
	/** Open profiles whose own read failed, waiting to be read again. */
	private readonly profileRetries = new Map<ProfileEntry, {failures: number; timer: NodeJS.Timeout | undefined}>();
	/** Open profiles whose header is being read, and whether another read was asked for meanwhile (see loadProfile). */
	private readonly profileLoads = new WeakMap<ProfileEntry, {again: boolean}>();
	/** The path of the SQLite file names another file than the one opened: writes are refused, R reopens. */
	fileReplaced = false;
	private readonly stopFileWatch: () => void;
	private readonly onReopen: ((carried: CarriedSession) => void) | undefined;
	private readonly onFileReplaced: (() => void) | undefined;

	constructor(options: AppControllerOptions) {
		this.database = options.database;
		this.onQuit = options.onQuit;
		this.onSchemaBehind = options.onSchemaBehind;
		this.busyFrameDelayMs = options.busyFrameDelayMs ?? defaultBusyFrameDelayMs;
		this.height = options.height;
		this.width = options.width;
		const changed = (visible: boolean) => this.listChanged(visible);
		const failed = (error: unknown) => this.fail(error);
		this.feed = new ListController(postSource(this.database, this.feedSort, {}), this.listRows('feed'), changed, failed, options.firstFeedPage);
		this.users = new ListController(userSource(this.database, this.usersSort), this.listRows('users'), changed, failed);
		if (options.initialUser !== undefined && options.carried === undefined) {
			this.modal = {kind: 'form', form: newForm('sign-in', {username: sanitizeTyped(options.initialUser)})};
		}
		this.onReopen = options.onReopen;
		this.onFileReplaced = options.onFileReplaced;
		if (options.carried) {
			this.draft = options.carried.draft;
			this.account = options.carried.account;
			this.say(`reopened ${this.database.location.display}`, 'info');
			// The account may not be in the file now at the path: then the session is signed out.
			void this.checkAccount();
		}
		this.stopFileWatch = watchReplacedFile(this.database, () => this.noticeReplacedFile(), options.fileCheckMs);
		// PRAGMA data_version is one read of the WAL index, so polling it twice a second costs nothing.
		const refreshMs = options.refreshMs ?? 500;
		if (refreshMs > 0) {
			this.watch = watchPosts(this.database, () => this.postsChanged(), {intervalMs: refreshMs});
		}
	}

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	getVersion = (): number => this.version;

	dispose(): void {
		this.disposed = true;
		this.stopFileWatch();
		void this.watch?.stop();
		for (const retry of this.profileRetries.values()) {
			clearTimeout(retry.timer);
		}
		this.profileRetries.clear();
		this.feed.dispose();
		this.users.dispose();
		for (const entry of this.stack) {
			if (entry.kind === 'profile') {
				entry.list.dispose();
			} else if (entry.kind === 'migrations') {
				entry.screen.dispose();
			}
		}
	}

	get message(): Message | undefined {
		return this.messages.current;
	}

	get view(): ViewEntry {
		return this.stack.at(-1)!;
	}

	/** The list the current view shows, if it shows one. */
	get currentList(): ListController<PostRow> | ListController<UserRow> | undefined {
		const view = this.view;
		return view.kind === 'feed' ? this.feed : view.kind === 'users' ? this.users : view.kind === 'profile' ? view.list : undefined;
	}

	setWidth(width: number): void {
		this.width = width;
	}

	setHeight(height: number): void {
		if (height === this.height) {
			return;
		}
		this.height = height;
		this.applyHeights();
	}

	/** Rows of the body between the header and the hint line, less the SQL pane when it is open. */
	bodyRows(): number {
		return rootHeight(this.height) - 3 - this.sqlPaneHeight();
	}

	sqlPaneHeight(): number {
		return this.sqlPane ? sqlPaneRows(this.height) : 0;
	}

	private listRows(kind: ListKind): number {
		return Math.max(1, listHeight(kind, this.height) - this.sqlPaneHeight());
	}

	private applyHeights(): void {
		this.feed.setHeight(this.listRows('feed'));
		this.users.setHeight(this.listRows('users'));
		for (const entry of this.stack) {
			if (entry.kind === 'profile') {
				entry.list.setHeight(this.listRows('profile'));
			}
		}
	}

	/** One key press: `name` from keyName(), `text` what was typed (a paste can be several characters). */
	handleKey(name: string, text: string): void {
		if (name === 'ctrl-c') {
			this.onQuit();
			return;
		}
		const presses = name === text && text.length > 1 ? splitKeys(text) : [{name, text}];
		if (presses.some(press => press.name === 'ctrl-c')) {
			this.onQuit();
			return;
		}
		const before = this.messages.current;
		this.messages.clear();
		const batch = this.keys.run(presses);
		// A key whose only visible effect comes later (Enter in the compose box) draws no frame now, and neither do keys
		// that changed nothing (the rest of a long paste into a full field, a frame each before), unless the message changed.
		const after = this.messages.current;
		const messageChanged = before?.text !== after?.text || before?.tone !== after?.tone;
		if ((!batch.frameHeld && !batch.noEffect) || messageChanged) {
			this.changed();
		}
	}

	private mustWait(name: string): boolean {
		const list = this.modal ? undefined : this.currentList;
		if (!list) {
			return false;
		}
		if (!list.window.ready) {
			return Object.hasOwn(listMoves, name) || rowKeys.has(name);
		}
		if (!list.window.counted && listMoves[name] === 'last') {
			// The last row is only known once the list is counted.
			return true;
		}
		return rowKeys.has(name) && list.window.total > 0 && list.selected() === undefined;
	}

	/** A list loaded or moved: keys that waited for it can run now. */
	private listChanged(visible: boolean): void {
		// A list read again after a failure may be the last one failing: then the report of it goes from the status line.
		const reportGone = this.messages.readFailing && this.readsRecovered();
		if (this.keys.waiting) {
			// Keys that waited for rows: the rows may be these, wherever they are.
			this.keys.drain();
			this.changed();
		} else if (visible || reportGone) {
			this.changed();
		}
	}

	private handleViewKey(name: string): boolean {
		const view = this.view;
		if (view.kind === 'migrations') {
			if (view.screen.handleKey(name)) {
				return true;
			}
			if (view.screen.behind && !keysWhileBehind.has(name)) {
				this.say('the schema is below head, so the views cannot read it: u on the last migration upgrades, Esc leaves', 'info');
				return true;
			}
			return false;
		}
		if (view.kind === 'post') {
			if (name === 'u') {
				this.openProfile(view.post.userId);
			} else if (name === 'd') {
				this.askDelete(view.post);
			} else {
				return false;
			}
			return true;
		}
		const list = this.currentList!;
		const move = listMoves[name];
		if (move) {
			list.move(move);
			return true;
		}
		if (view.kind === 'users') {
			if (name === 'enter') {
				const user = this.users.selected();
				if (user) {
					this.openProfile(user.id);
				}
				return true;
			}
			if (name === 's' || name === 'S') {
				this.usersSort =
					name === 's'
						? {field: this.usersSort.field === 'username' ? 'latest' : 'username', reverse: false}
						: {...this.usersSort, reverse: !this.usersSort.reverse};
				this.users.setSource(userSource(this.database, this.usersSort));
				return true;
			}
			if (name === '/' || name === 'd' || name === 'u') {
				this.say(name === '/' ? 'filter works on posts: open the Feed (1) or a profile' : 'select a post first (Feed: 1)', 'info');
				return true;
			}
			return false;
		}
		const posts = view.kind === 'profile' ? view.list : this.feed;
		const selected = posts.selected();
		switch (name) {
			case 'enter': {
				if (selected) {
					this.push({kind: 'post', post: selected});
				}
				return true;
			}
			case 'u': {
				if (view.kind === 'feed' && selected) {
					this.openProfile(selected.userId);
				}
				return true;
			}
			case 's':
			case 'S': {
				const sort = this.postSort();
				this.setPostSort(
					name === 's' ? {field: sort.field === 'timestamp' ? 'username' : 'timestamp', reverse: false} : {...sort, reverse: !sort.reverse},
				);
				return true;
			}
			case '/': {
				this.modal = {kind: 'filter', text: this.filterText()};
				return true;
			}
			case 'd': {
				if (selected) {
					this.askDelete(selected);
				}
				return true;
			}
			case 'escape': {
				if (this.filterText() !== '') {
					this.setFilter('');
					return true;
				}
				return false;
			}
			default: {
				return false;
			}
		}
	}

	private handleGlobalKey(name: string): void {
		switch (name) {
			case 'tab':
			case 'backtab': {
				this.switchTo(this.stack[0]!.kind === 'feed' ? 'users' : 'feed');
				break;
			}
			case '1': {
				this.switchTo('feed');
				break;
			}
			case '2': {
				this.switchTo('users');
				break;
			}
			case '?': {
				this.modal = {kind: 'help', offset: 0};
				break;
			}
			case 'c': {
				this.startCompose();
				break;
			}
			case 'a': {
				this.modal = {kind: 'account-menu'};
				break;
			}
			case 'm': {
				this.openMigrations();
				break;
			}
			case 'R': {
				if (this.fileReplaced && this.onReopen) {
					this.onReopen({draft: this.draft, account: this.account});
				}
				break;
			}
			case '`': {
				this.sqlPane = !this.sqlPane;
				this.applyHeights();
				break;
			}
			case 'q':
			case 'escape': {
				if (this.stack.length > 1) {
					this.pop();
				} else if (name === 'q') {
					this.onQuit();
				}
				break;
			}
			default: {
				break;
			}
		}
	}

	private handleModalKey(modal: Modal, name: string, text: string): void {
		switch (modal.kind) {
			case 'help': {
				const max = helpMaxOffset(this.view.kind, this.width, this.bodyRows());
				// A help list taller than the screen scrolls with the list keys; any other key closes it.
				const move = max > 0 ? listMoves[name] : undefined;
				if (move) {
					const page = Math.max(1, rootHeight(this.height) - 5);
					const step = {up: -1, down: 1, 'page-up': -page, 'page-down': page, first: -max, last: max}[move];
					this.modal = {kind: 'help', offset: Math.min(max, Math.max(0, modal.offset + step))};
				} else {
					this.modal = undefined;
				}
				break;
			}
			case 'compose': {
				this.handleComposeKey(modal, name, text);
				break;
			}
			case 'filter': {
				if (name === 'escape') {
					this.modal = undefined;
					this.setFilter('');
				} else if (name === 'enter') {
					this.modal = undefined;
					this.setFilter(modal.text.trim());
				} else if (name === 'backspace') {
					this.modal = {kind: 'filter', text: dropLastCharacter(modal.text)};
				} else if (name === text) {
					const added = appendTyped(modal.text, text, filterCapacity);
					const note = added.cut ? capacityMessage('filter', filterCapacity) : undefined;
					if (added.value === modal.text && note === modal.note) {
						this.keys.noEffect();
					} else {
						this.modal = {kind: 'filter', text: added.value, note};
					}
				}
				break;
			}
			case 'confirm-delete': {
				if (name === 'y' || name === 'Y') {
					this.modal = undefined;
					void this.confirmDelete(modal.post);
				} else if (name === 'n' || name === 'N' || name === 'escape' || name === 'q') {
					this.modal = undefined;
					this.say('kept the post', 'info');
				}
				break;
			}
			case 'account-menu': {
				this.handleAccountMenuKey(name);
				break;
			}
			case 'form': {
				this.handleFormKey(modal.form, name, text);
				break;
			}
		}
	}

	private handleComposeKey(modal: Extract<Modal, {kind: 'compose'}>, name: string, text: string): void {
		if (modal.busy) {
			return;
		}
		if (name === 'escape') {
			// The draft stays for next time.
			this.modal = undefined;
		} else if (name === 'enter') {
			void this.submitPost();
		} else if (name === 'backspace') {
			this.draft = dropLastCharacter(this.draft);
			this.modal = {...modal, error: undefined};
		} else if (name === text) {
			const added = appendTyped(this.draft, text, draftCapacity);
			const error = added.cut ? capacityMessage('draft', draftCapacity) : undefined;
			if (added.value === this.draft && error === modal.error) {
				this.keys.noEffect();
			} else {
				this.draft = added.value;
				this.modal = {...modal, error};
			}
		}
	}

	private handleAccountMenuKey(name: string): void {
		if (name === 'escape' || name === 'q' || name === 'a') {
			this.modal = undefined;
		} else if (this.account && name === 'o') {
			const who = this.account.username;
			this.account = undefined;
			this.modal = undefined;
			this.say(`signed out ${who}`, 'info');
		} else if (!this.account && name === 's') {
			this.modal = {kind: 'form', form: newForm('sign-in')};
		} else if (!this.account && name === 'r') {
			this.modal = {kind: 'form', form: newForm('register')};
		}
	}

	private handleFormKey(form: FormState, name: string, text: string): void {
		if (form.busy) {
			return;
		}
		const setForm = (next: FormState) => {
			this.modal = {kind: 'form', form: next};
		};
		if (name === 'escape') {
			this.modal = undefined;
		} else if (name === 'tab' || name === 'down') {
			setForm(moveFocus(form, 1));
		} else if (name === 'backtab' || name === 'up') {
			setForm(moveFocus(form, -1));
		} else if (name === 'enter') {
			if (form.focus < form.values.length - 1) {
				setForm(moveFocus(form, 1));
			} else {
				void this.submitForm(form);
			}
		} else if (name === 'backspace') {
			setForm(editFocused(form, dropLastCharacter));
		} else if (name === text) {
			const focused = form.values[form.focus] ?? '';
			const added = appendTyped(focused, text, fieldCapacity);
			const error = added.cut ? capacityMessage('field', fieldCapacity) : undefined;
			if (added.value === focused && error === form.error) {
				this.keys.noEffect();
			} else {
				setForm({...editFocused(form, () => added.value), error});
			}
		}
	}

	private async submitForm(form: FormState): Promise<void> {
		const [username = '', second = '', third = '', fourth = ''] = form.values;
		if (form.kind === 'register' && third !== fourth) {
			this.setFormError(form, 'the passwords do not match');
			return;
		}
		const refused = this.refusedWrite('form');
		if (refused) {
			this.setFormError(form, refused);
			return;
		}
		const busy = {...form, busy: true, error: undefined};
		this.modal = {kind: 'form', form: busy};
		this.changed();
		try {
			const account =
				form.kind === 'sign-in'
					? await signIn(this.database, username.trim(), second)
					: await createUser(this.database, {username: username.trim(), email: second.trim(), password: third});
			if (this.disposed) {
				return;
			}
			this.account = account;
			this.modal = undefined;
			if (form.then === 'compose') {
				this.openCompose();
			} else {
				// Signed in, the next write is likely a post: its connection opens now, not when Enter is pressed.
				prepareToPost(this.database);
			}
			this.say(form.kind === 'sign-in' ? `signed in as ${account.username}` : `registered and signed in as ${account.username}`, 'info');
			if (form.kind === 'register') {
				this.users.reloadAround();
			}
		} catch (error) {
			this.setFormError(form, this.writeFailure(error, 'form'));
		}
		this.changed();
	}

	private setFormError(form: FormState, error: string): void {
		this.modal = {kind: 'form', form: formAfterError(form, error)};
	}

	private startCompose(): void {
		if (!this.account) {
			this.modal = {kind: 'form', form: newForm('sign-in', {then: 'compose'})};
			this.say('sign in to post', 'info');
			return;
		}
		this.openCompose();
	}

	private openCompose(): void {
		this.modal = {kind: 'compose', error: undefined, busy: false};
		// While the post is typed, so that Enter does not wait for a connection to open.
		prepareToPost(this.database);
	}

	private async submitPost(): Promise<void> {
		const account = this.account;
		if (!account) {
			return;
		}
		const problem = bodyProblem(this.draft) ?? this.refusedWrite('compose');
		if (problem) {
			this.modal = {kind: 'compose', error: problem, busy: false};
			return;
		}
		this.modal = {kind: 'compose', error: undefined, busy: true};
		// A write takes a few ms: drawing "posting…" for it cost a whole frame before the insert began and
		// then flashed. The busy frame is drawn only for a write that takes a while (a locked database).
		this.keys.holdFrame();
		const busyFrame = setTimeout(() => this.changed(), this.busyFrameDelayMs);
		try {
			let post: PostRow;
			try {
				post = await composePost(this.database, account, this.draft);
			} finally {
				clearTimeout(busyFrame);
			}
			if (this.disposed) {
				return;
			}
			this.draft = '';
			this.modal = undefined;
			this.say('posted', 'info');
			if (this.feedFilterText === '' && this.feedSort.field === 'timestamp' && !this.feedSort.reverse) {
				// Newest first: the post is the new head of the feed.
				this.feed.prepend(post);
			} else if (this.feedFilterText === '') {
				this.feed.reloadAround(post, 0);
			} else {
				this.feed.reloadAround();
			}
			// Users and open profiles are read again a tick later, so that their queries do not delay the
			// frame that shows the post (newest first, the feed takes the post at once; another order or a
			// filter reads the feed again, and that frame waits for it anyway).
			setImmediate(() => {
				if (this.disposed) {
					return;
				}
				this.users.reloadAround();
				for (const entry of this.stack) {
					if (entry.kind === 'profile') {
						entry.list.reloadAround();
						void this.loadProfile(entry);
					}
				}
			});
		} catch (error) {
			this.modal = {kind: 'compose', error: this.writeFailure(error, 'compose'), busy: false};
		}
		this.changed();
	}

	/** The path names another file now: say so until the user reopens it (R). */
	private noticeReplacedFile(): void {
		if (this.disposed || this.fileReplaced) {
			return;
		}
		this.replacedFile();
		// In place of whatever the status line said: after the next key it stays there as the notice (main-screen.tsx).
		this.say(replacedFileNotice, 'error');
		this.changed();
	}

	/**
	 * From now on nothing reads or writes the database: the caller closes it (onFileReplaced), the views keep what
	 * they show, and writes are refused here with the reason until R reopens the path.
	 */
	private replacedFile(): void {
		if (this.fileReplaced) {
			return;
		}
		this.fileReplaced = true;
		this.stopFileWatch();
		void this.watch?.stop();
		this.onFileReplaced?.();
	}

	/** A write refused before it reaches the database, whose file was replaced. */
	private refusedWrite(from: 'compose' | 'form' | 'view'): string | undefined {
		return this.fileReplaced ? this.writeFailure(new DatabaseReplacedError(this.database.location.display), from) : undefined;
	}

	/** What a failed write says; one refused for a replaced file also shows the notice and says how to go on. */
	private writeFailure(error: unknown, from: 'compose' | 'form' | 'view'): string {
		if (error instanceof DatabaseReplacedError) {
			this.replacedFile();
			const how = {compose: 'the draft is kept: Esc, then R', form: 'Esc, then R', view: 'R'}[from];
			return `${error.message}; ${how} reopens the file now at the path`;
		}
		return errorText(error);
	}

	private askDelete(post: PostRow): void {
		if (!this.account) {
			this.say('sign in (a) to delete your own posts', 'error');
		} else if (post.userId !== this.account.id) {
			this.say('you can only delete your own posts', 'error');
		} else {
			this.modal = {kind: 'confirm-delete', post};
		}
	}

	private async confirmDelete(post: PostRow): Promise<void> {
		const account = this.account;
		if (!account) {
			return;
		}
		const refused = this.refusedWrite('view');
		if (refused) {
			this.say(refused, 'error');
			this.changed();
			return;
		}
		try {
			await deletePost(this.database, account.id, post.id);
			if (this.disposed) {
				return;
			}
			this.say('post deleted', 'info');
			if (this.view.kind === 'post' && this.view.post.id === post.id) {
				this.pop();
			}
			for (const list of [this.feed, ...this.stack.flatMap(entry => (entry.kind === 'profile' ? [entry.list] : []))]) {
				const window = list.window;
				const index = list.selected()?.id === post.id ? window.selected : -1;
				if (index >= 0) {
					// Stay where the deleted post was: on the post after it, or before it at the end.
					const neighbour = rowAt(window, index + 1) ?? rowAt(window, index - 1);
					if (neighbour) {
						list.reloadAround(neighbour);
					} else {
						list.reload();
					}
				} else {
					list.reloadAround();
				}
			}
			this.users.reloadAround();
		} catch (error) {
			this.say(this.writeFailure(error, 'view'), 'error');
		}
		this.changed();
	}

	private postSort(): PostSort {
		const view = this.view;
		return view.kind === 'profile' ? view.sort : this.feedSort;
	}

	private filterText(): string {
		const view = this.view;
		return view.kind === 'profile' ? view.filterText : this.feedFilterText;
	}

	private profileFilter(entry: ProfileEntry): PostFilter {
		// A profile is one author already: only the text part of a filter applies.
		const parsed = parsePostFilter(entry.filterText);
		return {userId: entry.userId, ...(parsed.text ? {text: parsed.text} : {}), ...(parsed.author ? {text: `@${parsed.author}`} : {})};
	}

	private setPostSort(sort: PostSort): void {
		const view = this.view;
		if (view.kind === 'profile') {
			view.sort = sort;
			view.list.setSource(postSource(this.database, sort, this.profileFilter(view)));
		} else {
			this.feedSort = sort;
			this.feed.setSource(postSource(this.database, sort, parsePostFilter(this.feedFilterText)));
		}
	}

	private setFilter(text: string): void {
		const view = this.view;
		if (view.kind === 'profile') {
			view.filterText = text;
			view.list.setSource(postSource(this.database, view.sort, this.profileFilter(view)));
		} else {
			this.feedFilterText = text;
			this.feed.setSource(postSource(this.database, this.feedSort, parsePostFilter(text)));
		}
	}

	private switchTo(kind: 'feed' | 'users'): void {
		while (this.stack.length > 1) {
			this.pop();
		}
		this.stack = [{kind}];
	}

	private push(entry: ViewEntry): void {
		this.stack = [...this.stack, entry];
	}

	private pop(): void {
		const top = this.stack.at(-1);
		if (top?.kind === 'profile') {
			top.list.dispose();
			clearTimeout(this.profileRetries.get(top)?.timer);
			this.profileRetries.delete(top);
		}
		this.stack = this.stack.slice(0, -1);
		if (top?.kind === 'migrations') {
			top.screen.dispose();
			if (this.schemaBehind) {
				this.onSchemaBehind?.();
			}
		}
	}

	private openMigrations(): void {
		if (this.view.kind === 'migrations') {
			return;
		}
		const screen = new MigrationsScreen(this.database, {
			changed: () => this.changed(),
			say: (text, tone) => this.say(text, tone),
			runStarting: () => {
				this.migrating = true;
			},
			runFinished: status => this.migrationsRan(status),
			size: () => ({width: this.width, rows: this.bodyRows()}),
		});
		this.push({kind: 'migrations', screen});
	}

	/**
	 * The schema reached head outside the Migrations view (the pending-migrations
	 * screen, or another process): every list reads again, and the session and
	 * the views the user had open stay as they were.
	 */
	schemaAtHead(): void {
		this.migrating = false;
		this.schemaBehind = false;
		this.reloadAll();
		this.say('the schema is at head again: every view reads it anew', 'info');
		this.changed();
	}

	/** Esc on the pending-migrations screen that leaving the Migrations view below head showed: back into the view. */
	reopenMigrations(): void {
		this.openMigrations();
		this.changed();
	}

	/** After a run from the Migrations view: at head every list reads again; below head nothing reads until it is. */
	private migrationsRan(status: MigrationStatus): void {
		this.migrating = false;
		this.schemaBehind = status.pending.length > 0;
		if (this.schemaBehind) {
			return;
		}
		this.reloadAll();
	}

	private reloadAll(): void {
		if (this.disposed) {
			return;
		}
		this.feed.reload();
		this.users.reload();
		for (const entry of this.stack) {
			if (entry.kind === 'profile') {
				entry.list.reload();
				void this.loadProfile(entry);
			}
		}
		void this.checkAccount();
	}

	/** A downgrade may have dropped the signed-in user: then sign out rather than fail on the next post. */
	private async checkAccount(): Promise<void> {
		const account = this.account;
		if (!account) {
			return;
		}
		let exists: boolean;
		try {
			exists = await accountStillExists(this.database, account);
		} catch (error) {
			this.fail(error);
			return;
		}
		if (!exists && this.account === account && !this.disposed) {
			this.account = undefined;
			this.say(`signed out: the account ${account.username} is no longer in the database`, 'info');
			this.changed();
		}
	}

	private openProfile(userId: number): void {
		const sort = defaultPostSort;
		const entry: ProfileEntry = {
			kind: 'profile',
			userId,
			sort,
			filterText: '',
			profile: undefined,
			problem: undefined,
			list: new ListController(
				postSource(this.database, sort, {userId}),
				this.listRows('profile'),
				(visible: boolean) => this.listChanged(visible),
				error => {
					entry.problem = readProblem(this.database, error);
					this.fail(error);
				},
			),
		};
		this.push(entry);
		void this.loadProfile(entry);
	}

	/**
	 * Reads the profile's header; one that fails says why and is read again (on a timer, and on the next live update).
	 * One read at a time per profile: a busy writer elsewhere sends a live update every few ms (PostgreSQL notifies
	 * each commit), and a read for each would run them all at once. A call while one runs asks for one more read after
	 * it, however many calls came, so what they announced is read.
	 */
	private async loadProfile(entry: ProfileEntry): Promise<void> {
		const running = this.profileLoads.get(entry);
		if (running) {
			running.again = true;
			return;
		}
		const load = {again: false};
		this.profileLoads.set(entry, load);
		try {
			do {
				load.again = false;
				await this.readProfile(entry);
			} while (load.again && !this.disposed && this.stack.includes(entry));
		} finally {
			this.profileLoads.delete(entry);
		}
	}

	private async readProfile(entry: ProfileEntry): Promise<void> {
		try {
			entry.profile = (await findUser(this.database, entry.userId)) ?? null;
			clearTimeout(this.profileRetries.get(entry)?.timer);
			this.profileRetries.delete(entry);
			if (this.messages.readFailing) {
				this.readsRecovered();
			}
		} catch (error) {
			entry.problem = readProblem(this.database, error);
			this.retryProfile(entry);
			this.fail(error);
		}
		this.changed();
	}

	private retryProfile(entry: ProfileEntry): void {
		if (this.disposed || !this.stack.includes(entry)) {
			return;
		}
		const retry = this.profileRetries.get(entry) ?? {failures: 0, timer: undefined};
		this.profileRetries.set(entry, retry);
		if (retry.timer !== undefined) {
			return;
		}
		retry.timer = setTimeout(() => {
			retry.timer = undefined;
			if (!this.disposed && this.stack.includes(entry)) {
				void this.loadProfile(entry);
			}
		}, retryDelayMs(retry.failures));
		retry.failures++;
		// The TUI's stdin keeps the process alive; a retry alone must not (tests, a quitting app).
		retry.timer.unref();
	}

	/**
	 * Whether every view reads again after a failure: then the status line's report of it goes (it would say the
	 * database does not answer while it does). True when nothing failed.
	 */
	private readsRecovered(): boolean {
		const failing =
			this.feed.failing ||
			this.users.failing ||
			this.profileRetries.size > 0 ||
			this.stack.some(entry => entry.kind === 'profile' && entry.list.failing);
		if (failing) {
			return false;
		}
		this.messages.readsRecovered();
		return true;
	}

	/** Another process wrote or deleted posts: every open list follows, keeping its selection. */
	private postsChanged(): void {
		if (this.disposed || this.migrating || this.schemaBehind || this.fileReplaced) {
			return;
		}
		this.feed.update();
		this.users.update();
		for (const entry of this.stack) {
			if (entry.kind === 'profile') {
				entry.list.update();
				void this.loadProfile(entry);
			}
		}
	}

	private say(text: string, tone: Message['tone']): void {
		this.messages.say(text, tone);
	}

	private fail(error: unknown): void {
		if (this.fileReplaced) {
			// The database is closed (see replacedFile): a read that was under way, or a list move, fails; the notice says why.
			this.keys.clear();
			return;
		}
		if (this.migrating || this.schemaBehind) {
			// A read that raced a migration; the lists reload once the schema is at head again.
			this.keys.clear();
			return;
		}
		// A list that failed to load is not ready until a retry reads it: keys waiting for it would wait that long.
		this.keys.clear();
		this.messages.reportReadFailure(readProblem(this.database, error));
		this.changed();
	}

	private changed(): void {
		if (this.disposed) {
			return;
		}
		this.version++;
		for (const listener of this.listeners) {
			listener();
		}
	}
}

function errorText(error: unknown): string {
	if (error instanceof UserError) {
		return error.message;
	}
	const text = error instanceof Error ? error.message : String(error);
	return `error: ${text.split('\n')[0] ?? text}`;
}

export {formFields};
export type {FormKind};
