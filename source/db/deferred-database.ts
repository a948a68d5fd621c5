import type {Sequelize} from 'sequelize';
import type {Database} from './connection.js';
import type {Reader, SelectOptions} from './reader.js';
import {DatabaseReplacedError, sameFile} from './replaced-file.js';

/**
 * The TUI's database on SQLite, whose Sequelize half arrives after the first frame. Loading and setting up
 * Sequelize was ~45 ms of the ~270 ms to the first frame (marks in the process), and the first frame needs
 * none of it: the migration state and the feed's first page are reads, which go through the SQLite reader
 * (source/db/sqlite-reader.ts) from the start and stay there. The models, writes and transactions need
 * Sequelize: the store reaches them through `loaded`, which waits for it (or starts it).
 */
export class DeferredDatabase implements Database {
	readonly #reader: Reader;
	readonly #open: () => Promise<Database>;
	#loading: Promise<Database> | undefined;
	#closed = false;

	constructor(reader: Reader, open: () => Promise<Database>) {
		this.#reader = reader;
		this.#open = open;
	}

	get location(): Database['location'] {
		return this.#reader.location;
	}

	get dialect(): Database['dialect'] {
		return this.#reader.dialect;
	}

	/** The reader's: the file this session has read from the start, which its writes must go to as well. */
	get openedFile(): Database['openedFile'] {
		return this.#reader.openedFile;
	}

	/**
	 * Never: code that needs Sequelize takes the database `loaded` returns, so that it waits for the load
	 * however early it runs. Throwing even after the load keeps a path that skips `loaded` from passing
	 * every test (where the load is long done) and failing only for a user who acts in the first moments.
	 */
	get sequelize(): Sequelize {
		throw new Error('a deferred database has no Sequelize of its own: use the database that loaded() returns');
	}

	async select<Row extends object>(sql: string, options?: SelectOptions): Promise<Row[]> {
		return this.#reader.select<Row>(sql, options);
	}

	/**
	 * Loads and opens Sequelize once; every caller meanwhile gets the same database, or the same failure.
	 * After a failure the next call tries again: a lock held past the busy timeout, say, should not
	 * leave the session unable to write.
	 */
	async load(): Promise<Database> {
		if (this.#closed) {
			throw new Error('the database is closed');
		}
		this.#loading ??= this.#open().then(
			full => {
				if (this.#closed) {
					// Closed while it opened: nobody is left to close it.
					void full.close().catch(() => undefined);
					throw new Error('the database is closed');
				}
				if (!sameFile(this.#reader.openedFile, full.openedFile)) {
					// The path named another file by the time Sequelize opened it: writing there would not be writing
					// to the database the screen shows. Refused like any write to a replaced file (and tried again
					// at the next write, which the caller's reopen of the path makes right).
					void full.close().catch(() => undefined);
					throw new DatabaseReplacedError(this.#reader.location.display);
				}
				return full;
			},
			(error: unknown) => {
				this.#loading = undefined;
				throw error;
			},
		);
		return this.#loading;
	}

	async close(): Promise<void> {
		this.#closed = true;
		await this.#reader.close();
		const full = await this.#loading?.catch(() => undefined);
		await full?.close();
	}
}

/** The database with Sequelize: itself when opened through Sequelize, once loaded when deferred. */
export async function loaded(database: Database): Promise<Database> {
	return database instanceof DeferredDatabase ? database.load() : database;
}
