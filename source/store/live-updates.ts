import type {Database} from '../db/connection.js';
import {watchChanges} from '../db/change-signal.js';
import type {ChangeWatch} from '../db/change-signal.js';

export type {ChangeWatch} from '../db/change-signal.js';

/** Calls `onChange` when another process (or connection) writes or deletes posts. */
export function watchPosts(database: Database, onChange: () => void, options: {intervalMs?: number} = {}): ChangeWatch {
	return watchChanges(database, onChange, options);
}
