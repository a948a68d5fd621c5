import type {PostRow} from '../../store/feed-pages.js';
import {listMove} from '../input/list-moves.js';
import {rowAt} from '../list/list-window.js';
import type {AppContext} from './app-context.js';
import type {DeleteState} from './delete-state.js';
import type {FilterState} from './filter-state.js';
import type {ListsState} from './lists-state.js';
import type {Navigation, PostEntry, ViewEntry} from './navigation.js';
import type {ProfilesState} from './profiles-state.js';

/** Keys that act on the selected row: they wait for it to be loaded rather than do nothing. */
const rowKeys = new Set(['enter', 'u', 'd']);

/** The Post view's keys that step to the next (1) or previous (-1) post of the list it came from. */
const postSteps: Readonly<Record<string, 1 | -1>> = {j: 1, n: 1, down: 1, k: -1, p: -1, up: -1};

function postStep(name: string): 1 | -1 | undefined {
	return Object.hasOwn(postSteps, name) ? postSteps[name] : undefined;
}

/** The views ViewKeys answers for; the Migrations view's keys are MigrationsState's. */
export type ReadingView = Exclude<ViewEntry, {kind: 'migrations'}>;

/**
 * The keys of the reading views: the Feed, Users and a profile (lists), and one post. A list key or a row key on a
 * list still loading waits for it in the key queue (mustWait) instead of being lost.
 */
export class ViewKeys {
	constructor(
		private readonly context: AppContext,
		private readonly navigation: Navigation,
		private readonly lists: ListsState,
		private readonly profiles: ProfilesState,
		private readonly deletes: DeleteState,
		private readonly filter: FilterState,
	) {}

	/** The key acts on the current list, which is not loaded yet (or not counted, for G): it waits. */
	mustWait(name: string): boolean {
		const view = this.navigation.view;
		if (view.kind === 'post') {
			return this.#stepMustWait(view, name);
		}
		const list = this.lists.current;
		if (!list) {
			return false;
		}
		const move = listMove(name);
		if (!list.window.ready) {
			return move !== undefined || rowKeys.has(name);
		}
		if (!list.window.counted && move === 'last') {
			// The last row is only known once the list is counted.
			return true;
		}
		return rowKeys.has(name) && list.window.total > 0 && list.selected() === undefined;
	}

	/** Returns false for keys left to the global handler. */
	handleKey(view: ReadingView, name: string): boolean {
		if (view.kind === 'post') {
			return this.#postKey(view, name);
		}
		const move = listMove(name);
		if (move) {
			this.lists.current!.move(move);
			return true;
		}
		return view.kind === 'users' ? this.#usersKey(name) : this.#postsKey(view, name);
	}

	/**
	 * A step onto a row the list has not read yet (past its buffer, or past a first page not yet counted) waits for it:
	 * the list reads a page beyond its window, so the next row arrives without the list moving first.
	 */
	#stepMustWait(view: PostEntry, name: string): boolean {
		const step = postStep(name);
		const window = view.list?.window;
		if (step === undefined || !window) {
			return false;
		}
		if (!window.ready) {
			return true;
		}
		const target = window.selected + step;
		if (target < 0) {
			return false;
		}
		if (target >= window.total) {
			return !window.counted;
		}
		return rowAt(window, target) === undefined;
	}

	/** j/k, n/p, ↓/↑ in the Post view: the next or previous post of its list, whose selection follows (Esc returns there). */
	#step(view: PostEntry, step: 1 | -1): void {
		const list = view.list;
		if (!list) {
			this.context.messages.say('this post was not opened from a list', 'info');
			return;
		}
		const window = list.window;
		const target = window.selected + step;
		if (target < 0 || target >= window.total) {
			this.context.messages.say(target < 0 ? 'first post of the list' : 'last post of the list', 'info');
			return;
		}
		list.move(step === 1 ? 'down' : 'up');
		const post = list.selected();
		if (post) {
			this.navigation.replaceTop({...view, post});
		}
	}

	#postKey(view: PostEntry, name: string): boolean {
		const step = postStep(name);
		if (step !== undefined) {
			this.#step(view, step);
			return true;
		}
		if (name === 'u') {
			this.#openAuthor(view.post);
		} else if (name === 'd') {
			this.deletes.ask(view.post);
		} else {
			return false;
		}
		return true;
	}

	/** A post's author's profile; an adopted database's post may have none (user_id NULL or naming no user). */
	#openAuthor(post: PostRow): void {
		if (post.userId === null || post.authorMissing) {
			this.context.messages.say('this post has no author', 'info');
		} else {
			this.profiles.open(post.userId);
		}
	}

	#usersKey(name: string): boolean {
		// u (a post's author elsewhere) here means the selected user, as Enter does.
		if (name === 'enter' || name === 'u') {
			const user = this.lists.users.selected();
			if (user) {
				this.profiles.open(user.id);
			}
			return true;
		}
		if (name === 's' || name === 'S') {
			const sort = this.lists.usersSort;
			// s keeps the direction S chose: a reversed list stays reversed under the other field.
			this.lists.setUsersSort(name === 's' ? {...sort, field: sort.field === 'username' ? 'latest' : 'username'} : {...sort, reverse: !sort.reverse});
			return true;
		}
		if (name === '/') {
			this.filter.open();
			return true;
		}
		if (name === 'escape' && this.lists.usersFilterText !== '') {
			this.lists.setFilter('');
			return true;
		}
		if (name === 'd') {
			this.context.messages.say('select a post first (Feed: 1)', 'info');
			return true;
		}
		return false;
	}

	/** The Feed's and a profile's keys. */
	#postsKey(view: Extract<ReadingView, {kind: 'feed' | 'profile'}>, name: string): boolean {
		const list = view.kind === 'profile' ? view.list : this.lists.feed;
		const selected = list.selected();
		switch (name) {
			case 'enter': {
				if (selected) {
					this.navigation.push({kind: 'post', post: selected, list});
				}
				return true;
			}
			case 'u': {
				if (view.kind === 'feed' && selected) {
					this.#openAuthor(selected);
				}
				return true;
			}
			case 's':
			case 'S': {
				const sort = this.lists.postSort();
				this.lists.setPostSort(
					name === 's' ? {...sort, field: sort.field === 'timestamp' ? 'username' : 'timestamp'} : {...sort, reverse: !sort.reverse},
				);
				return true;
			}
			case '/': {
				this.filter.open();
				return true;
			}
			case 'd': {
				if (selected) {
					this.deletes.ask(selected);
				}
				return true;
			}
			case 'escape': {
				if (this.lists.filterText() !== '') {
					this.lists.setFilter('');
					return true;
				}
				return false;
			}
			default: {
				return false;
			}
		}
	}
}
