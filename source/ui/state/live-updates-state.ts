import {watchPosts} from '../../store/live-updates.js';
import type {ChangeWatch} from '../../store/live-updates.js';
import type {AppContext} from './app-context.js';

export type LiveUpdatesOptions = {
	/** How often the database is watched for posts written by another process, in ms (0: not at all; 500). */
	readonly refreshMs?: number;
	/** No list may read now (a migration, a schema below head, a replaced file). */
	readonly paused: () => boolean;
	/** Another process wrote or deleted posts: every open list follows. */
	readonly update: () => void;
};

/** New posts written by another process appear without a key press: the database is watched, and the lists follow. */
export class LiveUpdates {
	readonly #watch: ChangeWatch | undefined;

	constructor(
		private readonly context: AppContext,
		private readonly options: LiveUpdatesOptions,
	) {
		// PRAGMA data_version is one read of the WAL index, so polling it twice a second costs nothing.
		const refreshMs = options.refreshMs ?? 500;
		if (refreshMs > 0) {
			this.#watch = watchPosts(context.database, () => this.postsChanged(), {intervalMs: refreshMs});
		}
	}

	/** What the watch calls on every change elsewhere (PostgreSQL: one NOTIFY per commit). */
	postsChanged(): void {
		if (this.context.disposed() || this.options.paused()) {
			return;
		}
		this.options.update();
	}

	stop(): void {
		void this.#watch?.stop();
	}
}
