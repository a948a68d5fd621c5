import type {Database} from '../../db/connection.js';
import {databaseFileReplaced} from '../../store/database-file.js';

/** How often the TUI looks whether its SQLite file was replaced on disk: a stat of the path, which costs microseconds. */
export const defaultFileCheckMs = 1000;

/**
 * Calls `replaced` once when the path of the database names another file than the one the session opened (`mv
 * backup.db app.db`), so the TUI says so before the user writes anything, as an editor notices a file changed on
 * disk. Writes check for themselves as well (source/db/write-transaction.ts); this is only for telling the user early.
 * PostgreSQL and in-memory databases have no file: nothing is watched.
 */
export function watchReplacedFile(database: Database, replaced: () => void, intervalMs = defaultFileCheckMs): () => void {
	if (database.location.dialect !== 'sqlite' || database.openedFile === undefined || intervalMs <= 0) {
		return () => undefined;
	}
	const timer = setInterval(() => {
		if (databaseFileReplaced(database)) {
			clearInterval(timer);
			replaced();
		}
	}, intervalMs);
	// The TUI's stdin keeps the process alive; this timer alone must not (tests, a quitting app).
	timer.unref();
	return () => clearInterval(timer);
}
