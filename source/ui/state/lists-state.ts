import type {Database} from '../../db/connection.js';
import {defaultPostSort, parsePostFilter} from '../../store/feed-pages.js';
import type {PostRow, PostSort} from '../../store/feed-pages.js';
import {postMatches, userMatches} from '../../store/text-match.js';
import {authorIdByName, defaultUserSort} from '../../store/users-query.js';
import type {UserRow, UserSort} from '../../store/users-query.js';
import {ListController, pageSizeFor} from '../list/list-controller.js';
import type {FirstPage} from '../list/list-controller.js';
import {postSource, userSource} from '../list/list-source.js';
import {rowAt} from '../list/list-window.js';
import {listHeight} from '../layout.js';
import type {AppContext} from './app-context.js';
import type {Navigation} from './navigation.js';
import type {ProfilesState} from './profiles-state.js';
import type {SqlPaneState} from './sql-pane-state.js';

/**
 * The Feed's and the Users' lists with their sorts and the Feed's filter, and what happens to every list (theirs
 * and the open profiles') when posts come and go: a post written here, a post deleted, a migration, a live update.
 */
export class ListsState {
	feedSort: PostSort = defaultPostSort;
	feedFilterText = '';
	usersSort: UserSort = defaultUserSort;
	usersFilterText = '';
	/** The Feed's filter is `@name` and nobody has that name (the empty list says so rather than "no posts match"). */
	noSuchUser: string | undefined;
	readonly feed: ListController<PostRow>;
	readonly users: ListController<UserRow>;

	constructor(
		private readonly context: AppContext,
		private readonly navigation: Navigation,
		private readonly profiles: ProfilesState,
		private readonly pane: SqlPaneState,
		firstFeedPage?: FirstPage<PostRow>,
	) {
		const changed = (visible: boolean) => context.listChanged(visible);
		const failed = (error: unknown) => context.readFailed(error);
		this.feed = new ListController(postSource(context.database, this.feedSort, {}), pane.listRows('feed'), changed, failed, firstFeedPage);
		this.users = new ListController(userSource(context.database, this.usersSort), pane.listRows('users'), changed, failed);
	}

	/** The list the current view shows, if it shows one. */
	get current(): ListController<PostRow> | ListController<UserRow> | undefined {
		const view = this.navigation.view;
		return view.kind === 'feed' ? this.feed : view.kind === 'users' ? this.users : view.kind === 'profile' ? view.list : undefined;
	}

	/** Some list is failing to read. */
	get failing(): boolean {
		return this.feed.failing || this.users.failing || this.profiles.failing;
	}

	/** The sort of the posts the view shows (the Feed's, or the open profile's). */
	postSort(): PostSort {
		const view = this.navigation.view;
		return view.kind === 'profile' ? view.sort : this.feedSort;
	}

	filterText(): string {
		const view = this.navigation.view;
		return view.kind === 'profile' ? view.filterText : view.kind === 'users' ? this.usersFilterText : this.feedFilterText;
	}

	setPostSort(sort: PostSort): void {
		const view = this.navigation.view;
		if (view.kind === 'profile') {
			this.profiles.setSort(view, sort);
		} else {
			this.feedSort = sort;
			this.feed.setSource(postSource(this.context.database, sort, parsePostFilter(this.feedFilterText)));
		}
	}

	/** The filter of the list the view shows; its selected row stays selected when the new filter keeps it. */
	setFilter(text: string): void {
		const view = this.navigation.view;
		if (view.kind === 'profile') {
			this.profiles.setFilter(view, text);
		} else if (view.kind === 'users') {
			this.usersFilterText = text;
			const filter = {text};
			const selected = this.users.selected();
			this.users.setSource(userSource(this.context.database, this.usersSort, filter), selected && userMatches(selected, filter) ? selected : undefined);
		} else {
			this.feedFilterText = text;
			const filter = parsePostFilter(text);
			const selected = this.feed.selected();
			this.feed.setSource(postSource(this.context.database, this.feedSort, filter), selected && postMatches(selected, filter) ? selected : undefined);
			this.#checkAuthor(filter.author);
		}
	}

	/** `@name`: whether anyone has the name, so that an empty list can say `no such user`. */
	#checkAuthor(author: string | undefined): void {
		this.noSuchUser = undefined;
		if (author === undefined) {
			return;
		}
		void authorIdByName(this.context.database, author).then(
			id => {
				if (parsePostFilter(this.feedFilterText).author === author && !this.context.disposed()) {
					this.noSuchUser = id === undefined ? author : undefined;
					this.context.changed();
				}
			},
			// The list's own read reports a database that fails.
			() => undefined,
		);
	}

	setUsersSort(sort: UserSort): void {
		this.usersSort = sort;
		this.users.setSource(userSource(this.context.database, sort, {text: this.usersFilterText}));
	}

	applyHeights(): void {
		this.feed.setHeight(this.pane.listRows('feed'));
		this.users.setHeight(this.pane.listRows('users'));
		this.profiles.applyHeights();
	}

	/** A post written here: the feed shows it at once; users and profiles follow a tick later. */
	postAdded(post: PostRow): void {
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
			if (this.context.disposed()) {
				return;
			}
			this.users.reloadAround();
			this.profiles.refresh('reloadAround');
		});
	}

	/** A post deleted here: every list showing it stays where it was, on the post after it (or before it, at the end). */
	postDeleted(post: PostRow): void {
		for (const list of [this.feed, ...this.navigation.profiles.map(entry => entry.list)]) {
			const window = list.window;
			const index = list.selected()?.id === post.id ? window.selected : -1;
			if (index >= 0) {
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
	}

	/** The schema changed under every list (a migration): all of them read from the start. */
	reloadAll(): void {
		this.feed.reload();
		this.users.reload();
		this.profiles.refresh('reload');
	}

	/** Another process wrote or deleted posts: every open list follows, keeping its selection. */
	updateAll(): void {
		this.feed.update();
		this.users.update();
		this.profiles.refresh('update');
	}

	dispose(): void {
		this.feed.dispose();
		this.users.dispose();
	}
}

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
