import type {Database} from '../db/connection.js';
import {watchChanges} from '../db/change-signal.js';
import type {ChangeWatch} from '../db/change-signal.js';

export type {ChangeWatch} from '../db/change-signal.js';

/**
 * Calls `onChange` when another process writes or deletes posts. SQLite also reports this process's own commits (its
 * writer is another connection); PostgreSQL does not report writes made through `database` itself.
 */
export function watchPosts(database: Database, onChange: () => void, options: {intervalMs?: number} = {}): ChangeWatch {
	return watchChanges(database, onChange, options);
}
