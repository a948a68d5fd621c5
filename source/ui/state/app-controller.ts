import type {Database} from '../../db/connection.js';
import {splitKeys} from '../input/keys.js';
import type {KeyPress} from '../input/keys.js';
import {editText} from '../terminal/external-editor.js';
import {sanitizeTyped} from '../text/sanitize.js';
import {AccountsState} from './accounts-state.js';
import type {AppContext, GlobalKeys} from './app-context.js';
import type {AppControllerOptions} from './app-options.js';
import {ComposeState} from './compose-state.js';
import {DeleteState} from './delete-state.js';
import {FilterState} from './filter-state.js';
import {HelpState} from './help-state.js';
import {KeyQueue} from './key-queue.js';
import {ListsState} from './lists-state.js';
import {LiveUpdates} from './live-updates-state.js';
import {Messages} from './messages.js';
import {MigrationsState} from './migrations-state.js';
import type {Modal} from './modal.js';
import {Navigation} from './navigation.js';
import type {ViewEntry} from './navigation.js';
import {PreviewState} from './preview-state.js';
import {ProfilesState} from './profiles-state.js';
import {ReadFailures} from './read-failures.js';
import {ReplacedFileState} from './replaced-file-state.js';
import {SqlPaneState} from './sql-pane-state.js';
import {UiSettingsState} from './ui-settings-state.js';
import {ViewKeys} from './view-keys.js';

export {readFirstFeedPage} from './lists-state.js';
export type {Message} from './messages.js';
export type {Modal} from './modal.js';
export type {MigrationsEntry, PostEntry, ViewEntry} from './navigation.js';
export type {ProfileEntry} from './profiles-state.js';
export {replacedFileNotice} from './replaced-file-state.js';
export type {CarriedSession} from './replaced-file-state.js';
export type {AppControllerOptions} from './app-options.js';

/** What a paste with no text field open says. */
export const pasteIgnored = 'paste ignored: no text field is open (c composes, / filters)';

/** What Ctrl-Z says when the process was not stopped. */
export const cannotSuspend = 'Ctrl-Z: not suspended: no shell with job control started the app';

/** The modals with a text field, where a paste (a press named `paste`) is typed. */
function takesText(modal: Modal): boolean {
	return modal.kind === 'compose' || modal.kind === 'filter' || modal.kind === 'form';
}

/**
 * The root of the TUI's state: it makes the slices (one per feature, each in its own file beside this one), shares
 * the message line, the modal and the key queue among them, and routes every key press in priority order: the open
 * modal, then the view on top, then global keys. State lives here rather than in React so a handler always sees the
 * latest state, even when keys arrive faster than frames; React re-renders on `version` changes.
 * docs/architecture.md ("UI state") describes the slices.
 */
export class AppController {
	readonly messages = new Messages();
	readonly pane: SqlPaneState;
	readonly navigation: Navigation;
	readonly profiles: ProfilesState;
	readonly lists: ListsState;
	readonly replacedFile: ReplacedFileState;
	readonly accounts: AccountsState;
	readonly compose: ComposeState;
	readonly deletes: DeleteState;
	readonly help: HelpState;
	readonly filter: FilterState;
	readonly migrations: MigrationsState;
	readonly liveUpdates: LiveUpdates;
	readonly viewKeys: ViewKeys;
	readonly settings: UiSettingsState;
	readonly preview: PreviewState;
	readonly #modal: AppContext['modal'] = {current: undefined};
	readonly #keys: KeyQueue;
	/** Tried in this order by a key no modal and no view took. */
	readonly #globalKeys: readonly GlobalKeys[];
	readonly #listeners = new Set<() => void>();
	readonly #database: Database;
	readonly #onQuit: () => void;
	#version = 0;
	#disposed = false;

	constructor(options: AppControllerOptions) {
		this.#database = options.database;
		this.#onQuit = options.onQuit;
		this.#keys = new KeyQueue({
			splitsCommands: () => !this.#modal.current,
			mustWait: name => !this.#modal.current && this.viewKeys.mustWait(name),
			route: press => this.#route(press),
			stopped: () => this.#disposed,
		});
		const reads = new ReadFailures({
			database: options.database,
			messages: this.messages,
			keys: this.#keys,
			changed: () => this.#changed(),
			failing: () => this.lists.failing,
			quiet: () => this.replacedFile.fileReplaced || this.migrations.schemaUnreadable,
		});
		const context: AppContext = {
			database: options.database,
			messages: this.messages,
			keys: this.#keys,
			modal: this.#modal,
			changed: () => this.#changed(),
			disposed: () => this.#disposed,
			readFailed: error => reads.failed(error),
			listChanged: visible => reads.listChanged(visible),
			readsRecovered: () => reads.recovered(),
		};
		this.settings = new UiSettingsState(options.settingsDirectory, text => {
			this.messages.say(text, 'error');
			this.#changed();
		});
		this.pane = new SqlPaneState(options, () => this.lists.applyHeights(), options.sqlLog, this.settings);
		this.preview = new PreviewState(context, this.pane, this.settings);
		this.navigation = new Navigation({
			left: entry => this.#left(entry),
			quit: options.onQuit,
		});
		this.profiles = new ProfilesState(context, this.navigation, this.pane);
		this.lists = new ListsState(context, this.navigation, this.profiles, this.pane, options.firstFeedPage);
		this.replacedFile = new ReplacedFileState(context, options, {
			carried: () => ({draft: this.compose.draft, account: this.accounts.account}),
			stopReading: () => this.liveUpdates.stop(),
		});
		this.accounts = new AccountsState(context, this.replacedFile, {
			openCompose: () => this.compose.open(),
			registered: () => this.lists.users.reloadAround(),
		});
		const {terminal} = options;
		this.compose = new ComposeState(context, this.accounts, this.replacedFile, {
			busyFrameDelayMs: options.busyFrameDelayMs,
			posted: post => this.lists.postAdded(post),
			editText: terminal ? (text => editText(text, {handOver: terminal.handOver})) : undefined,
			drafts: options.drafts,
		});
		this.deletes = new DeleteState(context, this.accounts, this.replacedFile, this.navigation, {deleted: post => this.lists.postDeleted(post)});
		this.help = new HelpState(context, this.navigation, this.pane);
		this.filter = new FilterState(context, this.lists);
		this.migrations = new MigrationsState(context, this.navigation, this.pane, {
			reloadAll: () => this.#reloadAll(),
			onSchemaBehind: options.onSchemaBehind,
		});
		this.liveUpdates = new LiveUpdates(context, {
			refreshMs: options.refreshMs,
			paused: () => this.migrations.schemaUnreadable || this.replacedFile.fileReplaced,
			update: () => this.lists.updateAll(),
		});
		this.viewKeys = new ViewKeys(context, this.navigation, this.lists, this.profiles, this.deletes, this.filter);
		this.#globalKeys = [this.navigation, this.help, this.compose, this.accounts, this.migrations, this.replacedFile, this.pane, this.preview];
		if (options.initialUser !== undefined && options.carried === undefined) {
			this.accounts.askSignIn(sanitizeTyped(options.initialUser));
		}
		if (options.carried) {
			this.compose.draft = options.carried.draft;
			this.accounts.account = options.carried.account;
			this.messages.say(`reopened ${this.#database.location.display}`, 'info');
			// The account may not be in the file now at the path: then the session is signed out.
			void this.accounts.check();
		}
	}

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	getVersion = (): number => this.#version;

	dispose(): void {
		this.#disposed = true;
		this.compose.dispose();
		this.replacedFile.dispose();
		this.liveUpdates.stop();
		this.profiles.dispose();
		this.lists.dispose();
		this.filter.dispose();
		this.migrations.dispose();
	}

	get modal(): Modal | undefined {
		return this.#modal.current;
	}

	get view(): ViewEntry {
		return this.navigation.view;
	}

	get stack(): readonly ViewEntry[] {
		return this.navigation.stack;
	}

	/** The Feed's list (kept here for tests written against the controller before its slices). */
	get feed(): ListsState['feed'] {
		return this.lists.feed;
	}

	setWidth(width: number): void {
		this.pane.setWidth(width);
	}

	setHeight(height: number): void {
		this.pane.setHeight(height);
	}

	/** One key press: `name` from keyName(), `text` what was typed (a paste can be several characters). */
	handleKey(name: string, text: string): void {
		if (name === 'ctrl-c') {
			this.#onQuit();
			return;
		}
		const presses = name === text && text.length > 1 ? splitKeys(text) : [{name, text}];
		if (presses.some(press => press.name === 'ctrl-c')) {
			this.#onQuit();
			return;
		}
		const before = this.messages.current;
		this.messages.clear();
		const batch = this.#keys.run(presses);
		// A key whose only visible effect comes later (Enter in the compose box) draws no frame now, and neither do keys
		// that changed nothing (the rest of a long paste into a full field, a frame each before), unless the message changed.
		const after = this.messages.current;
		const messageChanged = before?.text !== after?.text || before?.tone !== after?.tone;
		if ((!batch.frameHeld && !batch.noEffect) || messageChanged) {
			this.#changed();
		}
	}

	/** Back from Ctrl-Z (the frame is drawn whole already): `stopped` false, the shell that started the app has no job control. */
	resumed(stopped: boolean): void {
		if (!stopped) {
			this.messages.say(cannotSuspend, 'info');
			this.#changed();
		}
	}

	/**
	 * The schema reached head outside the Migrations view (the pending-migrations screen, or another process): every
	 * list reads again, and the session and the views the user had open stay as they were.
	 */
	schemaAtHead(): void {
		this.migrations.atHead();
		this.messages.say('the schema is at head again: every view reads it anew', 'info');
		this.#changed();
	}

	/** Esc on the pending-migrations screen that leaving the Migrations view below head showed: back into the view. */
	reopenMigrations(): void {
		this.migrations.open();
		this.#changed();
	}

	/** Another process wrote or deleted posts, as the watch in LiveUpdates reports it: test/ui/profile-retry.test.ts sends these. */
	private postsChanged(): void {
		this.liveUpdates.postsChanged();
	}

	/** One key, by priority: the open modal takes every key; else the view on top; else the global keys. */
	#route({name, text}: KeyPress): void {
		const modal = this.#modal.current;
		if (name === 'paste' && !(modal && takesText(modal))) {
			// Never run as keys: its letters would be commands, its line breaks Enter.
			this.messages.say(pasteIgnored, 'info');
			return;
		}
		const alt = /^meta-(.)$/su.exec(name);
		if (alt && !(modal && takesText(modal) && (name === 'meta-b' || name === 'meta-f'))) {
			// A terminal sends Alt-x as Esc and x, and so reads Esc typed just before x (`Esc q` from a fast typist or
			// tmux): outside a field's word keys, it is the two keys.
			this.#route({name: 'escape', text: ''});
			this.#route({name: alt[1]!, text: alt[1]!});
			return;
		}
		if (modal) {
			this.#routeModal(modal, name, text);
			return;
		}
		if (this.pane.handleFocusKey(name)) {
			return;
		}
		const view = this.navigation.view;
		const taken = view.kind === 'migrations' ? this.migrations.handleViewKey(view.screen, name) : this.viewKeys.handleKey(view, name);
		if (!taken) {
			this.#globalKeys.some(slice => slice.handleGlobalKey(name));
		}
	}

	#routeModal(modal: Modal, name: string, text: string): void {
		switch (modal.kind) {
			case 'help':
				return this.help.handleModalKey(modal, name);
			case 'compose':
				return this.compose.handleModalKey(modal, name, text);
			case 'filter':
				return this.filter.handleModalKey(modal, name, text);
			case 'confirm-delete':
				return this.deletes.handleModalKey(modal, name);
			case 'account-menu':
			case 'form':
				return this.accounts.handleModalKey(modal, name, text);
		}
	}

	/** A view left the stack: the slice that opened it lets go of it. */
	#left(entry: ViewEntry): void {
		if (entry.kind === 'profile') {
			this.profiles.closed(entry);
		} else if (entry.kind === 'migrations') {
			this.migrations.closed(entry.screen);
		}
	}

	#reloadAll(): void {
		if (this.#disposed) {
			return;
		}
		this.lists.reloadAll();
		void this.accounts.check();
	}

	#changed(): void {
		if (this.#disposed) {
			return;
		}
		this.#version++;
		for (const listener of this.#listeners) {
			listener();
		}
	}
}
