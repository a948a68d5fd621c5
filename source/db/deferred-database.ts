import type {Sequelize} from 'sequelize';
import type {Database} from './connection.js';
import type {Reader, SelectOptions} from './reader.js';

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
	#full: Database | undefined;
	#loading: Promise<Database> | undefined;

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

	/** Only after `load`: code that needs Sequelize gets the database from `loaded` first. */
	get sequelize(): Sequelize {
		if (!this.#full) {
			throw new Error('Sequelize is not loaded yet: use the database that loaded() returns');
		}
		return this.#full.sequelize;
	}

	async select<Row extends object>(sql: string, options?: SelectOptions): Promise<Row[]> {
		return this.#reader.select<Row>(sql, options);
	}

	escape(value: string | number | Date): string {
		return this.#reader.escape(value);
	}

	/** Loads and opens Sequelize once; every caller gets the same database, or the same failure. */
	async load(): Promise<Database> {
		this.#loading ??= this.#open().then(full => {
			this.#full = full;
			return full;
		});
		return this.#loading;
	}

	async close(): Promise<void> {
		await this.#reader.close();
		const full = await this.#loading?.catch(() => undefined);
		await full?.close();
	}
}

/** The database with Sequelize: itself when opened through Sequelize, once loaded when deferred. */
export async function loaded(database: Database): Promise<Database> {
	return database instanceof DeferredDatabase ? database.load() : database;
}
