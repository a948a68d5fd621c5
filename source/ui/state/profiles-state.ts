import {defaultPostSort, parsePostFilter} from '../../store/feed-pages.js';
import type {PostFilter, PostRow, PostSort} from '../../store/feed-pages.js';
import {readProblem} from '../../store/read-problem.js';
import {postMatches} from '../../store/text-match.js';
import {findUser} from '../../store/users-query.js';
import type {UserProfile} from '../../store/users-query.js';
import {ListController} from '../list/list-controller.js';
import {postSource} from '../list/list-source.js';
import {retryDelayMs} from '../retry-delay.js';
import type {AppContext} from './app-context.js';
import type {Navigation} from './navigation.js';
import type {SqlPaneState} from './sql-pane-state.js';

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

/**
 * The open profiles: each one's header (the user and their post count) and its list of posts, with its own sort and
 * filter. A header that fails to read says why and is read again, on a timer that backs off and on the next live update.
 */
export class ProfilesState {
	/** Open profiles whose own read failed, waiting to be read again. */
	readonly #retries = new Map<ProfileEntry, {failures: number; timer: NodeJS.Timeout | undefined}>();
	/** Open profiles whose header is being read, and whether another read was asked for meanwhile (see load). */
	readonly #loads = new WeakMap<ProfileEntry, {again: boolean}>();

	constructor(
		private readonly context: AppContext,
		private readonly navigation: Navigation,
		private readonly pane: SqlPaneState,
	) {}

	/** A profile's header or list is failing to read. */
	get failing(): boolean {
		return this.#retries.size > 0 || this.navigation.profiles.some(entry => entry.list.failing);
	}

	open(userId: number): void {
		const {database} = this.context;
		const sort = defaultPostSort;
		const entry: ProfileEntry = {
			kind: 'profile',
			userId,
			sort,
			filterText: '',
			profile: undefined,
			problem: undefined,
			list: new ListController(
				postSource(database, sort, {userId}),
				this.pane.listRows('profile'),
				(visible: boolean) => this.context.listChanged(visible),
				error => {
					entry.problem = readProblem(database, error);
					this.context.readFailed(error);
				},
			),
		};
		this.navigation.push(entry);
		void this.load(entry);
	}

	/** The profile was taken off the stack. */
	closed(entry: ProfileEntry): void {
		entry.list.dispose();
		clearTimeout(this.#retries.get(entry)?.timer);
		this.#retries.delete(entry);
	}

	setSort(entry: ProfileEntry, sort: PostSort): void {
		entry.sort = sort;
		entry.list.setSource(postSource(this.context.database, sort, profileFilter(entry)));
	}

	setFilter(entry: ProfileEntry, text: string): void {
		entry.filterText = text;
		const filter = profileFilter(entry);
		const selected = entry.list.selected();
		entry.list.setSource(postSource(this.context.database, entry.sort, filter), selected && postMatches(selected, filter) ? selected : undefined);
	}

	applyHeights(): void {
		for (const entry of this.navigation.profiles) {
			entry.list.setHeight(this.pane.listRows('profile'));
		}
	}

	/** Every open profile reads its header and its posts again: `how` the list ('reload', or keep the selection). */
	refresh(how: 'reload' | 'update' | 'reloadAround'): void {
		for (const entry of this.navigation.profiles) {
			if (how === 'reload') {
				entry.list.reload();
			} else if (how === 'update') {
				entry.list.update();
			} else {
				entry.list.reloadAround();
			}
			void this.load(entry);
		}
	}

	dispose(): void {
		for (const retry of this.#retries.values()) {
			clearTimeout(retry.timer);
		}
		this.#retries.clear();
		for (const entry of this.navigation.profiles) {
			entry.list.dispose();
		}
	}

	/**
	 * Reads the profile's header; one that fails says why and is read again (on a timer, and on the next live update).
	 * One read at a time per profile: a busy writer elsewhere sends a live update every few ms (PostgreSQL notifies
	 * each commit), and a read for each would run them all at once. A call while one runs asks for one more read after
	 * it, however many calls came, so what they announced is read.
	 */
	async load(entry: ProfileEntry): Promise<void> {
		const running = this.#loads.get(entry);
		if (running) {
			running.again = true;
			return;
		}
		const load = {again: false};
		this.#loads.set(entry, load);
		try {
			do {
				load.again = false;
				await this.#read(entry);
			} while (load.again && !this.context.disposed() && this.navigation.isOpen(entry));
		} finally {
			this.#loads.delete(entry);
		}
	}

	async #read(entry: ProfileEntry): Promise<void> {
		const {database} = this.context;
		try {
			entry.profile = (await findUser(database, entry.userId)) ?? null;
			clearTimeout(this.#retries.get(entry)?.timer);
			this.#retries.delete(entry);
			if (this.context.messages.readFailing) {
				this.context.readsRecovered();
			}
		} catch (error) {
			entry.problem = readProblem(database, error);
			this.#retry(entry);
			this.context.readFailed(error);
		}
		this.context.changed();
	}

	#retry(entry: ProfileEntry): void {
		if (this.context.disposed() || !this.navigation.isOpen(entry)) {
			return;
		}
		const retry = this.#retries.get(entry) ?? {failures: 0, timer: undefined};
		this.#retries.set(entry, retry);
		if (retry.timer !== undefined) {
			return;
		}
		retry.timer = setTimeout(() => {
			retry.timer = undefined;
			if (!this.context.disposed() && this.navigation.isOpen(entry)) {
				void this.load(entry);
			}
		}, retryDelayMs(retry.failures));
		retry.failures++;
		// The TUI's stdin keeps the process alive; a retry alone must not (tests, a quitting app).
		retry.timer.unref();
	}
}

function profileFilter(entry: ProfileEntry): PostFilter {
	// A profile is one author already: only the text part of a filter applies.
	const parsed = parsePostFilter(entry.filterText);
	return {userId: entry.userId, ...(parsed.text ? {text: parsed.text} : {}), ...(parsed.author ? {text: `@${parsed.author}`} : {})};
}
