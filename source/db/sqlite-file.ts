// The one module that opens SQLite files. Nothing in this process opens a database file (or its -wal, -shm) with
// node:fs: POSIX advisory locks belong to the process, and closing any descriptor on the file drops all of them,
// including those of open SQLite connections ("How To Corrupt An SQLite Database File", section 2.2). Only stat
// and access calls, which open nothing, are made here, and the creation of a new file that nothing has open yet.
// What both ways of opening a SQLite file share (Sequelize's connections, source/db/connection.ts, and the
// listing's reader, source/db/sqlite-reader.ts): the checks made before SQLite sees the file, and how it is opened.
// Nothing here loads Sequelize or the SQLite addon.
import {accessSync, closeSync, constants, existsSync, mkdirSync, openSync, statSync} from 'node:fs';
import path from 'node:path';
import type {DatabaseLocation} from '../config.js';
import {UserError} from '../errors.js';
import {openFailure} from './db-errors.js';

export type OpenMode =
	/** Create the file (and its directory) when it is missing. */
	| 'create'
	/** Fail with a clear message when the file is missing; never create it. */
	| 'existing';

/** How long a SQLite connection waits for another writer before SQLITE_BUSY. */
export const sqliteBusyTimeoutMs = 5000;

function writable(target: string): boolean {
	try {
		accessSync(target, constants.W_OK);
		return true;
	} catch {
		return false;
	}
}

/** How the SQLite file is to be opened, decided before SQLite sees it. */
export type SqliteOpen = {readonly readOnly: boolean};

export function checkSqliteFile(storage: string, mode: OpenMode, access: 'read' | 'write'): SqliteOpen {
	if (storage === ':memory:') {
		return {readOnly: false};
	}
	const directory = path.dirname(storage);
	if (existsSync(storage)) {
		const stat = statSync(storage);
		if (stat.isDirectory()) {
			throw new UserError(`${storage} is a directory, not a database file`);
		}
		// The file's contents are never read here: SQLite itself tells a file that is not a database (SQLITE_NOTADB,
		// reported by openFailure). Opening and closing any descriptor on the file from this process would drop every
		// POSIX lock the process's SQLite connections hold on it (locks belong to the process), and another client
		// would then delete the -wal and -shm files under them: see openChecked.
		// Checked up front: SQLite would open such a file and fail only at the first write, half-way through a command.
		// The directory counts too: SQLite writes its -wal, -shm or -journal file beside the database.
		if (!writable(storage) || !writable(directory)) {
			if (access === 'read') {
				return {readOnly: true};
			}
			throw new UserError(
				writable(storage) ? `database directory is read-only: ${directory} (SQLite needs to write beside ${path.basename(storage)})` : `database is read-only: ${storage}`,
			);
		}
		if (access === 'write') {
			refuseForeignWalFiles(storage);
		}
		return {readOnly: false};
	}
	if (mode === 'existing') {
		throw new UserError(`no database at ${storage}: run 'microblog-tui --migrate' to create it`);
	}
	try {
		// Emails and password hashes live here: directories we create are the user's alone (an existing one is left as it is).
		mkdirSync(directory, {recursive: true, mode: 0o700});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'error';
		throw new UserError(`cannot create directory ${directory} for the database (${code})`);
	}
	if (!writable(directory)) {
		throw new UserError(`database directory is read-only: ${directory} (cannot create ${path.basename(storage)} there)`);
	}
	createPrivateFile(storage);
	return {readOnly: false};
}

/**
 * A WAL database is written through its -wal and -shm files too. Another user's process that read the database
 * leaves them behind, its own and 0644 (while it keeps a connection open, after a crash, or with persist_wal), and
 * SQLite then opens the database read-only without a word: the first write fails with SQLITE_READONLY, in the TUI
 * after a sign-in and a composed post. Reading still works, so only writers are refused, before anything is done.
 * stat and access open no descriptor (see the top of this file).
 */
function refuseForeignWalFiles(storage: string): void {
	for (const file of [`${storage}-wal`, `${storage}-shm`]) {
		const stat = statSync(file, {throwIfNoEntry: false});
		if (stat && !writable(file)) {
			throw new UserError(
				`database is read-only: ${file} belongs to uid ${stat.uid} and cannot be written by this user (SQLite writes it along with ${path.basename(storage)})`,
			);
		}
	}
}

/**
 * A new database file, empty and `0600`, made before SQLite opens it (SQLite would make it `0644` less the umask, and
 * its -wal and -shm files take the database file's mode). The file does not exist yet, so no connection of this
 * process can hold a lock on it: this is the one descriptor this module opens, and never on a file SQLite has open.
 * `wx` fails on a file that appeared meanwhile (or a planted symlink), which SQLite then opens as it is.
 */
function createPrivateFile(storage: string): void {
	try {
		closeSync(openSync(storage, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600));
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
			const code = (error as NodeJS.ErrnoException).code ?? 'error';
			throw new UserError(`cannot create ${storage} (${code})`);
		}
	}
}

/** Which file a path named: device and inode, from stat (which opens nothing). */
export type FileIdentity = {readonly dev: number; readonly ino: number};

/** The file the path names now, or undefined when there is none. */
export function fileIdentity(storage: string): FileIdentity | undefined {
	const stat = statSync(storage, {throwIfNoEntry: false});
	return stat ? {dev: stat.dev, ino: stat.ino} : undefined;
}

/**
 * Whether the path names another file than `opened` (or none): the database was replaced (`mv backup.db app.db`)
 * or removed under the connections, which go on reading and writing the file they opened, unlinked and invisible to
 * every other program, beside the -wal and -shm files the new file at the path will use.
 */
export function fileReplaced(storage: string, opened: FileIdentity): boolean {
	const now = fileIdentity(storage);
	return now === undefined || now.dev !== opened.dev || now.ino !== opened.ino;
}

// Numeric values from node-sqlite3's OPEN_* constants, to avoid importing the addon here.
const openReadOnly = 0x0000_0001;
const openReadWrite = 0x0000_0002;
const openCreate = 0x0000_0004;
const openUri = 0x0000_0040;

/** The flags SQLite opens the checked file with. */
function openFlags(check: SqliteOpen, mode: OpenMode): number {
	return check.readOnly ? openReadOnly : mode === 'create' ? openReadWrite | openCreate : openReadWrite;
}

/**
 * A WAL database that is read-only to us, with no -wal file beside it and a
 * directory we cannot write, cannot be opened even read-only (SQLite wants to
 * create the -shm file). Without a -wal file nothing is in flight, so the file
 * itself is the whole database: SQLite's immutable mode reads it as it is.
 */
function immutableUri(storage: string): string | undefined {
	if (existsSync(`${storage}-wal`)) {
		return undefined;
	}
	const encoded = path.resolve(storage).split('/').map(part => encodeURIComponent(part)).join('/');
	return `file:${encoded}?immutable=1`;
}

/**
 * Opens a checked file with `open`, which reads the schema and cleans up after itself when that fails. A file
 * read-only to us that will not open so is tried once more in immutable mode (see immutableUri). A failure
 * becomes one line naming the database: the first failure's, which says more than the retry's.
 */
export async function openChecked<T>(
	location: Extract<DatabaseLocation, {dialect: 'sqlite'}>,
	check: SqliteOpen,
	mode: OpenMode,
	open: (filename: string, flags: number) => Promise<T>,
): Promise<T> {
	try {
		return await open(location.storage, openFlags(check, mode));
	} catch (error) {
		const uri = check.readOnly ? immutableUri(location.storage) : undefined;
		if (uri) {
			try {
				return await open(uri, openReadOnly | openUri);
			} catch {
				// Reported below.
			}
		}
		throw openFailure(error, location);
	}
}
