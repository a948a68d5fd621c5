import type {PostRow} from '../../store/feed-pages.js';
import type {ListController} from '../list/list-controller.js';
import type {MigrationsScreen} from '../migrations/migrations-screen.js';
import type {GlobalKeys} from './app-context.js';
import type {ProfileEntry} from './profiles-state.js';

/** One post, and the list it was opened from: j/k and n/p step through that list, moving its selection. */
export type PostEntry = {readonly kind: 'post'; readonly post: PostRow; readonly list?: ListController<PostRow>};

export type MigrationsEntry = {readonly kind: 'migrations'; readonly screen: MigrationsScreen};

export type ViewEntry = {readonly kind: 'feed'} | {readonly kind: 'users'} | ProfileEntry | PostEntry | MigrationsEntry;

export type NavigationEvents = {
	/** A view was taken off the stack: whoever opened it lets go of what it holds (a profile's list, the migrations screen). */
	readonly left: (entry: ViewEntry) => void;
	readonly quit: () => void;
};

/**
 * The view stack and the two tabs: the Feed or Users at the bottom, then whatever was opened from it (a profile, a
 * post, the Migrations view). Tab, 1 and 2 go back to a tab; Esc and q go back one view, and q on a tab quits.
 */
export class Navigation implements GlobalKeys {
	stack: ViewEntry[] = [{kind: 'feed'}];

	constructor(private readonly events: NavigationEvents) {}

	/** The view on top, the one shown. */
	get view(): ViewEntry {
		return this.stack.at(-1)!;
	}

	/** The tab at the bottom of the stack. */
	get tab(): 'feed' | 'users' {
		return this.stack[0]!.kind === 'users' ? 'users' : 'feed';
	}

	/** The profiles on the stack, the shown one and those under it. */
	get profiles(): ProfileEntry[] {
		return this.stack.filter(entry => entry.kind === 'profile');
	}

	isOpen(entry: ViewEntry): boolean {
		return this.stack.includes(entry);
	}

	push(entry: ViewEntry): void {
		this.stack = [...this.stack, entry];
	}

	/** The view on top becomes `entry` (the Post view stepping to the next post): nothing is left. */
	replaceTop(entry: ViewEntry): void {
		this.stack = [...this.stack.slice(0, -1), entry];
	}

	pop(): void {
		const top = this.stack.at(-1);
		this.stack = this.stack.slice(0, -1);
		if (top) {
			this.events.left(top);
		}
	}

	switchTo(kind: 'feed' | 'users'): void {
		while (this.stack.length > 1) {
			this.pop();
		}
		this.stack = [{kind}];
	}

	handleGlobalKey(name: string): boolean {
		switch (name) {
			case 'tab':
			case 'backtab': {
				this.switchTo(this.tab === 'feed' ? 'users' : 'feed');
				return true;
			}
			case '1':
			case '2': {
				this.switchTo(name === '1' ? 'feed' : 'users');
				return true;
			}
			case 'q':
			case 'escape': {
				if (this.stack.length > 1) {
					this.pop();
				} else if (name === 'q') {
					this.events.quit();
				}
				return true;
			}
			default: {
				return false;
			}
		}
	}
}
