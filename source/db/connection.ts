import {accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statSync} from 'node:fs';
import path from 'node:path';
import {Sequelize, Transaction} from 'sequelize';
import type {Options} from 'sequelize';
import type {DatabaseLocation} from '../config.js';
import {UserError, firstLine} from '../errors.js';
import {describeDbError} from './db-errors.js';
import {initModels} from './models/index.js';

export type Dialect = 'sqlite' | 'postgres';

export type Database = {
	readonly sequelize: Sequelize;
	readonly location: DatabaseLocation;
	readonly dialect: Dialect;
	close(): Promise<void>;
};

export type OpenMode =
	/** Create the file (and its directory) when it is missing. */
	| 'create'
	/** Fail with a clear message when the file is missing; never create it. */
	| 'existing';

export type OpenOptions = {
	mode?: OpenMode;
	/** Called with every SQL statement and its duration in ms. */
	logging?: (sql: string, ms: number) => void;
	/**
	 * What the command does with a SQLite file. 'write' (the default) refuses a
	 * file or directory it cannot write before anything is opened; 'read' opens
	 * such a file read-only instead, so listings work on a read-only copy.
	 */
	access?: 'read' | 'write';
	/**
	 * SQLite: whether the connections enforce foreign keys (the default). Only a bulk load that checks
	 * its rows itself turns this off (see insertPosts): with enforcement on, every multi-row INSERT
	 * keeps a statement journal in a temporary file, which took ~40% of a bulk load (measured).
	 */
	enforceForeignKeys?: boolean;
};

/** How long a SQLite connection waits for another writer before SQLITE_BUSY. */
export const sqliteBusyTimeoutMs = 5000;

const sqliteHeader = 'SQLite format 3\0';

function writable(target: string): boolean {
	try {
		accessSync(target, constants.W_OK);
		return true;
	} catch {
		return false;
	}
}

/** How the SQLite file is to be opened, decided before SQLite sees it. */
type SqliteOpen = {readonly readOnly: boolean};

function checkSqliteFile(storage: string, mode: OpenMode, access: 'read' | 'write'): SqliteOpen {
	if (storage === ':memory:') {
		return {readOnly: false};
	}
	const directory = path.dirname(storage);
	if (existsSync(storage)) {
		const stat = statSync(storage);
		if (stat.isDirectory()) {
			throw new UserError(`${storage} is a directory, not a database file`);
		}
		if (stat.size > 0) {
			// Reading the header first gives a clear message instead of SQLite's generic one.
			const buffer = Buffer.alloc(16);
			let fd: number | undefined;
			try {
				fd = openSync(storage, 'r');
				readSync(fd, buffer, 0, 16, 0);
			} catch (error) {
				throw new UserError(`cannot read ${storage}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
			} finally {
				if (fd !== undefined) {
					closeSync(fd);
				}
			}
			if (buffer.toString('latin1') !== sqliteHeader) {
				throw new UserError(`${storage} is not a SQLite database`);
			}
		}
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
		return {readOnly: false};
	}
	if (mode === 'existing') {
		throw new UserError(`no database at ${storage}: run 'microblog-tui --migrate' to create it`);
	}
	try {
		mkdirSync(directory, {recursive: true});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'error';
		throw new UserError(`cannot create directory ${directory} for the database (${code})`);
	}
	if (!writable(directory)) {
		throw new UserError(`database directory is read-only: ${directory} (cannot create ${path.basename(storage)} there)`);
	}
	return {readOnly: false};
}

type SqliteConnection = {
	configure(option: 'busyTimeout', value: number): void;
	run(sql: string, callback: (error: Error | null) => void): void;
	exec(sql: string, callback: (error: Error | null) => void): void;
	close(callback: (error: Error | null) => void): void;
	readonly filename: string;
	/** Set by Sequelize's Transaction while the connection is its own. */
	uuid?: string;
};

/**
 * Runs settings (one round trip to SQLite's thread for all of them) and waits, so they are in force before the
 * first query; a failure shows up on that query.
 */
async function runSettings(connection: SqliteConnection, sql: string): Promise<void> {
	await new Promise<void>(resolve => {
		connection.exec(sql, () => resolve());
	});
}
// The parts of Sequelize's SQLite connection manager used here; it is not in Sequelize's public typings.
type SqliteConnectionManager = {
	connections: Record<string, SqliteConnection | undefined>;
	getConnection(options?: {uuid?: string}): Promise<SqliteConnection>;
	releaseConnection(connection: SqliteConnection, force?: boolean): void;
	close(): Promise<void>;
};

/** Per database: the transaction connection kept open between writes, and one being opened ahead. */
type KeptWriter = {idle: SqliteConnection | undefined; opening: Promise<void> | undefined; closing: boolean; ahead: () => Promise<void>};
const keptWriters = new WeakMap<Sequelize, KeptWriter>();

function closeConnection(connection: SqliteConnection): Promise<void> {
	return new Promise(resolve => {
		connection.close(() => resolve());
	});
}

/**
 * Sequelize's SQLite dialect opens one connection per transaction and has no
 * afterConnect hook there, so per-connection settings are applied by wrapping
 * getConnection. It also closes that connection when the transaction ends, so
 * every write first opened a connection and applied its settings (three round
 * trips to SQLite's thread pool before BEGIN, while the user waits for the new
 * post): the connection of a finished transaction is kept for the next one instead. One is kept, so a burst
 * of concurrent transactions still gets a connection each. Nothing but
 * transactions uses it, and nothing changes a connection's settings after they
 * are applied here.
 */
function configureSqliteConnections(sequelize: Sequelize, enforceForeignKeys: boolean): void {
	const manager = (sequelize as unknown as {connectionManager: SqliteConnectionManager}).connectionManager;
	const original = {
		getConnection: manager.getConnection.bind(manager),
		releaseConnection: manager.releaseConnection.bind(manager),
		close: manager.close.bind(manager),
	};
	const configured = new WeakSet<object>();
	const getConnection = async (options?: {uuid?: string}): Promise<SqliteConnection> => {
		const uuid = options?.uuid;
		if (uuid !== undefined && uuid !== 'default' && kept.idle && manager.connections[uuid] === undefined) {
			// Sequelize looks a transaction's connection up by its id first.
			manager.connections[uuid] = kept.idle;
			kept.idle = undefined;
		}
		const connection = await original.getConnection(options);
		if (!configured.has(connection)) {
			configured.add(connection);
			connection.configure('busyTimeout', sqliteBusyTimeoutMs);
			// synchronous: WAL makes NORMAL durable across application crashes; only a power loss can lose the last commit.
			await runSettings(connection, `PRAGMA foreign_keys=${enforceForeignKeys ? 'ON' : 'OFF'}; PRAGMA synchronous=NORMAL;`);
		}
		return connection;
	};
	const kept: KeptWriter = {
		idle: undefined,
		opening: undefined,
		closing: false,
		async ahead() {
			if (kept.idle || kept.opening || kept.closing) {
				return;
			}
			const key = `ahead-${Date.now()}-${Math.random()}`;
			kept.opening = getConnection({uuid: key}).then(
				async connection => {
					delete manager.connections[key];
					if (connection.filename === ':memory:') {
						// An in-memory database has one shared connection, which Sequelize closes itself.
						return;
					}
					if (kept.idle || kept.closing) {
						await closeConnection(connection);
					} else {
						kept.idle = connection;
					}
				},
				// A connection that cannot open now will fail again, with its message, in the transaction that needs it.
				() => {
					delete manager.connections[key];
				},
			);
			await kept.opening;
			kept.opening = undefined;
		},
	};
	keptWriters.set(sequelize, kept);
	manager.getConnection = getConnection;
	manager.releaseConnection = (connection, force) => {
		// A forced release, or a transaction's that failed to commit or roll back (Sequelize destroys those instead), is closed.
		if (force !== true && !kept.closing && kept.idle === undefined && connection.uuid !== undefined && connection.uuid !== 'default' && connection.filename !== ':memory:') {
			delete manager.connections[connection.uuid];
			kept.idle = connection;
			return;
		}
		original.releaseConnection(connection, force);
	};
	manager.close = async () => {
		kept.closing = true;
		await kept.opening;
		const idle = kept.idle;
		kept.idle = undefined;
		if (idle) {
			await closeConnection(idle);
		}
		await original.close();
	};
}

/**
 * Opens the connection the next write transaction will use, in the background, so that the write does not
 * wait for it (the compose box calls this as it opens). Only SQLite opens a connection per transaction.
 */
export function openWriterAhead(database: Database): void {
	void keptWriters.get(database.sequelize)?.ahead();
}

function sequelizeLogging(logging: OpenOptions['logging']): Options['logging'] {
	if (!logging) {
		return false;
	}
	return (sql: string, timing?: number) => {
		logging(sql.replace(/^Execut(?:ing|ed) \([^)]*\): /, ''), timing ?? 0);
	};
}

// Numeric values from node-sqlite3's OPEN_* constants, to avoid importing the addon here.
const openReadOnly = 0x0000_0001;
const openReadWrite = 0x0000_0002;
const openCreate = 0x0000_0004;
const openUri = 0x0000_0040;

function sqliteSequelize(storage: string, flags: number, common: Options, enforceForeignKeys: boolean): Sequelize {
	// Sequelize's own PRAGMA FOREIGN_KEYS runs without a callback, and its error on a corrupt file would crash the process.
	const noUnhandledPragma: Options & {foreignKeys: boolean} = {...common, foreignKeys: false};
	const sequelize = new Sequelize({
		...noUnhandledPragma,
		dialect: 'sqlite',
		storage,
		dialectOptions: {mode: flags},
		transactionType: Transaction.TYPES.IMMEDIATE,
	});
	configureSqliteConnections(sequelize, enforceForeignKeys);
	return sequelize;
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

/** Opens the file and makes SQLite read its schema, so a corrupt or foreign file fails here, not mid-command. */
async function verifyOpen(sequelize: Sequelize): Promise<void> {
	await sequelize.query('SELECT count(*) FROM sqlite_master', {logging: false});
}

export async function openDatabase(location: DatabaseLocation, options: OpenOptions = {}): Promise<Database> {
	const mode = options.mode ?? 'existing';
	let sequelize: Sequelize;
	const common: Options = {
		logging: sequelizeLogging(options.logging),
		benchmark: Boolean(options.logging),
		define: {timestamps: false, freezeTableName: true},
	};
	const fail = (error: unknown): never => {
		throw new UserError(describeDbError(error, location) ?? `cannot open ${location.display}: ${firstLine(error)}`, {
			cause: error,
		});
	};
	if (location.dialect === 'sqlite') {
		const {readOnly} = checkSqliteFile(location.storage, mode, options.access ?? 'write');
		const flags = readOnly ? openReadOnly : mode === 'create' ? openReadWrite | openCreate : openReadWrite;
		const enforceForeignKeys = options.enforceForeignKeys ?? true;
		sequelize = sqliteSequelize(location.storage, flags, common, enforceForeignKeys);
		try {
			await verifyOpen(sequelize);
		} catch (error) {
			await sequelize.close().catch(() => undefined);
			const uri = readOnly ? immutableUri(location.storage) : undefined;
			if (!uri) {
				fail(error);
			}
			sequelize = sqliteSequelize(uri!, openReadOnly | openUri, common, enforceForeignKeys);
			try {
				await verifyOpen(sequelize);
			} catch {
				await sequelize.close().catch(() => undefined);
				fail(error);
			}
		}
	} else {
		sequelize = new Sequelize(location.url, {
			...common,
			dialect: 'postgres',
			pool: {max: 5, min: 0, idle: 10_000},
			dialectOptions: {connectionTimeoutMillis: 5000, application_name: 'microblog-tui'},
		});
		try {
			await sequelize.authenticate({logging: false});
		} catch (error) {
			await sequelize.close().catch(() => undefined);
			fail(error);
		}
	}
	initModels(sequelize);
	return {
		sequelize,
		location,
		dialect: location.dialect,
		async close() {
			await sequelize.close();
		},
	};
}
