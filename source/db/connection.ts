import {QueryTypes, Sequelize, Transaction} from 'sequelize';
import type {Options} from 'sequelize';
import type * as PgModule from 'pg';
import {importModule} from '../import-module.js';
import type {DatabaseLocation} from '../config.js';
import {openFailure} from './db-errors.js';
import {pgClientConfig} from './pg-config.js';
import {parseStoredTime} from './stored-time.js';
import type {Reader, SelectOptions} from './reader.js';
import {checkSqliteFile, fileIdentity, openChecked, sqliteBusyTimeoutMs} from './sqlite-file.js';
import type {OpenMode} from './sqlite-file.js';
import {initModels} from './models/index.js';
// Side effect first: Sequelize's SQLite DATE writes and reads the canonical time (before any Sequelize is made).
import './sqlite-dates.js';

export type {Dialect} from './reader.js';
export type {OpenMode} from './sqlite-file.js';

/**
 * A database with Sequelize: its models, writes and transactions, and reading as any Reader. The TUI's
 * DeferredDatabase (deferred-database.ts) hands its Sequelize out only through `loaded()`.
 */
export type Database = Reader & {
	readonly sequelize: Sequelize;
};

export type OpenOptions = {
	mode?: OpenMode;
	/** Called with every SQL statement, its duration in ms and the values bound to it. */
	logging?: (sql: string, ms: number, bind?: readonly unknown[]) => void;
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
	return (sql: string, timing?: number, options?: {bind?: unknown}) => {
		logging(sql.replace(/^Execut(?:ing|ed) \([^)]*\): /, ''), timing ?? 0, Array.isArray(options?.bind) ? options.bind : undefined);
	};
}

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
 * node-postgres with a Client that always has an 'error' listener. Sequelize adds its own only once a connection
 * is in its pool, and pg emits an error with no listener as an uncaught exception: a server that shut down while a
 * connection was being set up (`terminating connection due to administrator command`) ended the whole TUI. The
 * failure still reaches whoever waits on that connection or its query, and Sequelize's listener still drops it from
 * the pool. Every other export of pg is pg's own, read through the prototype (spreading pg would load pg-native).
 */
async function guardedPg(): Promise<object> {
	const {default: pg} = (await importModule('pg')) as typeof PgModule;
	class GuardedClient extends pg.Client {
		constructor(config?: string | PgModule.ClientConfig) {
			super(config);
			this.on('error', () => undefined);
		}
	}
	// `timestamp without time zone` (an adopted Flask tutorial database's post.timestamp, naive UTC from
	// datetime.utcnow) is read as UTC, as every other reader here does: pg's own parser takes it as local time,
	// which put a post just written hours off under TZ=America/New_York. Sequelize asks this module's `types`.
	const types = {
		...pg.types,
		getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
			oid === pg.types.builtins.TIMESTAMP && format !== 'binary'
				? (text: string) => parseStoredTime(text)
				: pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
	};
	return Object.create(pg, {Client: {value: GuardedClient}, types: {value: types}}) as object;
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
	if (location.dialect === 'sqlite') {
		const check = checkSqliteFile(location.storage, mode, options.access ?? 'write');
		const enforceForeignKeys = options.enforceForeignKeys ?? true;
		sequelize = await openChecked(location, check, mode, async (filename, flags) => {
			const opened = sqliteSequelize(filename, flags, common, enforceForeignKeys);
			try {
				await verifyOpen(opened);
				return opened;
			} catch (error) {
				await opened.close().catch(() => undefined);
				throw error;
			}
		});
	} else {
		const client = pgClientConfig(location.connection);
		// A config object, not the URL: Sequelize reads a URL with Node's url.parse, which drops `?password=` and
		// `?port=` and warns with the whole URL on stderr when a password holds an unencoded `/` or `?`.
		sequelize = new Sequelize({
			...common,
			dialect: 'postgres',
			dialectModule: await guardedPg(),
			host: client.host,
			port: client.port,
			database: client.database,
			username: client.user,
			password: client.password,
			pool: {max: 5, min: 0, idle: 10_000},
			dialectOptions: {
				connectionTimeoutMillis: client.connectionTimeoutMillis,
				application_name: client.application_name,
				ssl: client.ssl,
				options: client.options,
			},
		});
		try {
			await sequelize.authenticate({logging: false});
		} catch (error) {
			await sequelize.close().catch(() => undefined);
			throw openFailure(error, location);
		}
	}
	initModels(sequelize);
	return {
		sequelize,
		location,
		dialect: location.dialect,
		// Right after the open: the file the connections have is the one the path names (see source/db/replaced-file.ts).
		openedFile: location.dialect === 'sqlite' && location.storage !== ':memory:' ? fileIdentity(location.storage) : undefined,
		async select<Row extends object>(sql: string, selectOptions?: SelectOptions) {
			return sequelize.query<Row>(sql, {
				type: QueryTypes.SELECT,
				...(selectOptions?.quiet ? {logging: false} : {}),
				// Sequelize's bind sends the values beside the SQL on both engines (its `replacements` would quote them into it).
				...(selectOptions?.bind ? {bind: [...selectOptions.bind]} : {}),
			});
		},
		async close() {
			await sequelize.close();
		},
	};
}
