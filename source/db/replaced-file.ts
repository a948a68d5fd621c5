// A SQLite database file replaced or removed under open connections (`mv backup.db app.db` while the TUI runs). The
// connections keep the file they opened: reads go on showing it, and writes go into a file no other program will
// ever see again, beside -wal and -shm files that the new file at the path shares by name. Every write checks that
// the path still names the file that was opened, and the TUI checks on a timer, so that it can say so and offer to
// reopen instead of saying "posted".
import {UserError} from '../errors.js';
import type {Reader} from './reader.js';
import {fileReplaced} from './sqlite-file.js';
import type {FileIdentity} from './sqlite-file.js';

/** A write refused because the database file at the path is no longer the one this session opened. */
export class DatabaseReplacedError extends UserError {
	constructor(where: string) {
		super(`${where} is no longer the file this session opened (it was replaced or removed): nothing was written`);
		this.name = 'DatabaseReplacedError';
	}
}

/** Both identities of one file (or both unknown: not a file, or PostgreSQL). */
export function sameFile(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
	return a === undefined || b === undefined ? a === b : a.dev === b.dev && a.ino === b.ino;
}

/** Whether the path of this SQLite database now names another file, or none. Only a stat: cheap enough for a timer. */
export function databaseFileReplaced(database: Reader): boolean {
	return database.location.dialect === 'sqlite' && database.openedFile !== undefined && fileReplaced(database.location.storage, database.openedFile);
}

/** Throws DatabaseReplacedError when the file was replaced (see databaseFileReplaced). */
export function assertSameFile(database: Reader): void {
	if (databaseFileReplaced(database)) {
		throw new DatabaseReplacedError(database.location.display);
	}
}

/**
 * Closes the database; one whose file was replaced is first checkpointed into the file it has open, with the WAL
 * truncated. SQLite does not checkpoint on close a file that has moved (SQLITE_FCNTL_HAS_MOVED) and leaves its -wal
 * and -shm behind, at the names the file now at the path uses: the sqlite3 shell then read the new file's post
 * count as the old one's, the old WAL's pages in front of its own (seen in test/ui/replaced-database.test.tsx).
 * Emptied, the -wal at the path no longer speaks for any file.
 */
export async function closeDatabase(database: Reader): Promise<void> {
	if (databaseFileReplaced(database)) {
		await database.select('PRAGMA wal_checkpoint(TRUNCATE)', {quiet: true}).catch(() => undefined);
	}
	await database.close();
}
