import type {QueryTypes, Transaction} from 'sequelize';
import type * as PgModule from 'pg';
import {importModule} from '../import-module.js';
import type {Database} from './connection.js';
import {pgClientConfig} from './pg-config.js';
import type {PostgresUrl} from '../postgres-url.js';

/** The PostgreSQL channel the trigger on post notifies (migrations/0005-post-change-notify.ts), for every writer. */
export const changeChannel = 'microblog_changes';

/**
 * The NOTIFY payload of a database's own writes. Its own listener skips them: the app shows its own writes itself, and
 * an echo re-read the list while the compose frame waited behind it (PostgreSQL compose: ~16 ms, ~45 ms when the echo
 * won). Not a secret, only unlike any other process's (the pid alone may repeat on another host); other programs'
 * writes carry an empty payload.
 */
const senders = new WeakMap<Database, string>();

function senderOf(database: Database): string {
	let sender = senders.get(database);
	if (sender === undefined) {
		sender = `post ${process.pid}.${Math.random().toString(36).slice(2)}`;
		senders.set(database, sender);
	}
	return sender;
}

/**
 * Names this database as the sender of the post change about to be written, for the trigger's NOTIFY. Run it inside
 * the write transaction before the write statement: the setting is the transaction's own (set_config's `true`), so it
 * names nothing after COMMIT, and the NOTIFY, like the write, is delivered only if the transaction commits. It replaces
 * the pg_notify the app sent itself, in the same round trip. SQLite needs nothing: readers watch PRAGMA data_version.
 */
export async function nameSender(database: Database, transaction: Transaction): Promise<void> {
	if (database.dialect === 'postgres') {
		await database.sequelize.query("SELECT set_config('microblog.sender', $1, true)", {
			// QueryTypes.SELECT, without loading Sequelize's value here.
			type: 'SELECT' as QueryTypes.SELECT,
			transaction,
			bind: [senderOf(database)],
		});
	}
}

export type ChangeWatch = {
	/**
	 * Settles once commits are being watched (SQLite: the first data_version is
	 * read; PostgreSQL: LISTEN is in place, or connecting failed): a commit after
	 * it is reported.
	 */
	readonly ready: Promise<void>;
	stop(): Promise<void>;
};

type PgClient = {
	connect(): Promise<void>;
	query(sql: string): Promise<unknown>;
	on(event: 'notification', listener: (message: {payload?: string}) => void): void;
	on(event: 'error', listener: (error: Error) => void): void;
	on(event: 'end', listener: () => void): void;
	end(): Promise<void>;
	/**
	 * pg's connection and its socket (not in pg's typings). end() on a client still connecting neither settles its
	 * connect() nor, when the server never answers, closes its socket: destroying the socket does both.
	 */
	readonly connection?: {readonly stream?: {destroy(): void}};
};

/**
 * Calls `onChange` soon after another connection commits a change.
 * SQLite: PRAGMA data_version, polled on the app's own read connection (the
 * SQLite reader's, for the TUI's deferred database), moves
 * when any other connection commits (a cheap read of the WAL index, whatever
 * the size of the tables). PostgreSQL: LISTEN on a dedicated connection, kept
 * open for as long as the watch runs, to the NOTIFY that the trigger on post
 * sends for every writer; a write through this same `database` is not reported.
 */
export function watchChanges(database: Database, onChange: () => void, options: {intervalMs?: number} = {}): ChangeWatch {
	const intervalMs = options.intervalMs ?? 500;
	if (database.dialect === 'postgres' && database.location.dialect === 'postgres') {
		return listen(database.location.connection, senderOf(database), onChange);
	}
	let last: number | undefined;
	let busy = false;
	let baselineRead: () => void = () => undefined;
	const ready = new Promise<void>(resolve => {
		baselineRead = resolve;
	});
	const poll = () => {
		if (busy) {
			return;
		}
		busy = true;
		database
			.select<{data_version: number}>('PRAGMA data_version', {quiet: true})
			.then(([row]) => {
				const version = Number(row?.data_version);
				if (last !== undefined && version !== last) {
					onChange();
				}
				last = version;
			})
			.catch(() => undefined)
			.finally(() => {
				busy = false;
				baselineRead();
			});
	};
	// The baseline at once, not one interval later: a commit in between would otherwise be the baseline, never reported.
	poll();
	const timer = setInterval(poll, intervalMs);
	timer.unref();
	return {
		ready,
		async stop() {
			clearInterval(timer);
		},
	};
}

/** The first wait before connecting again after the listening connection is lost; it doubles up to the cap. */
const firstRetryMs = 100;
/**
 * The longest wait between attempts while the server does not answer: a server back from a restart is heard within
 * about this long (plus the connect), and an attempt that is refused at once costs next to nothing.
 */
const maxRetryMs = 2000;
/**
 * How long a connection must stay up before the backoff starts again from firstRetryMs. Reset on LISTEN alone, a
 * server (or a proxy, or a pooler) that accepts connections and then drops them was connected to every 100 ms, and
 * each time the views read their lists again.
 */
const steadyMs = 10_000;
/**
 * The listening connection is idle between notifications, so only TCP keepalive notices a server that vanished
 * without closing it (a network cut, a host that died): probes begin after this much silence, not after the OS's
 * default of two hours. The probes' interval and count stay the OS's (Linux: 75 s, 9) under Node 20's libuv, so such
 * a server is noticed after minutes rather than hours; a server that restarts closes the connection and is noticed
 * at once.
 */
const keepAliveDelayMs = 10_000;

/**
 * LISTENs on a connection of its own for as long as the watch runs. A connection that ends or fails, or that cannot
 * be made, is made again after a wait that doubles up to maxRetryMs; the wait starts again from firstRetryMs only
 * once a connection has stayed up for steadyMs. Each time LISTEN is in place, one change is reported: a commit made
 * while it was connecting, or while the server was away, would otherwise never be heard (at start, the lists' first
 * reads run meanwhile); the update re-reads by keyset, a no-op if nothing moved. Failures are never thrown or
 * printed: the TUI owns the terminal, and its reads say when the database does not answer. An `onChange` that throws
 * is its own affair: it is neither thrown into pg's event handlers (an uncaught exception) nor left as the rejection
 * of an attempt nobody awaits (Node 20 ends the process on one); the watch goes on. stop() ends the connection, or
 * the attempt at one in flight, and returns once it is ended.
 */
function listen(url: PostgresUrl, ownSender: string, onChange: () => void): ChangeWatch {
	/** The connection LISTEN is in place on. */
	let client: PgClient | undefined;
	/** The connection being made, until LISTEN is in place on it. */
	let connecting: PgClient | undefined;
	/** The attempt under way (it never rejects). */
	let attempt: Promise<void> | undefined;
	let stopped = false;
	let retry: NodeJS.Timeout | undefined;
	let steady: NodeJS.Timeout | undefined;
	let failures = 0;
	let firstAttemptDone: () => void = () => undefined;
	const ready = new Promise<void>(resolve => {
		firstAttemptDone = resolve;
	});

	const report = () => {
		if (stopped) {
			return;
		}
		try {
			onChange();
		} catch {
			// The subscriber's own failure: the watch is not the place to report it, and goes on.
		}
	};

	const connectLater = () => {
		if (stopped || retry !== undefined) {
			return;
		}
		const delay = Math.min(maxRetryMs, firstRetryMs * 2 ** failures);
		failures++;
		retry = setTimeout(() => {
			retry = undefined;
			startAttempt();
		}, delay);
		// The watch never keeps a process alive by itself (the TUI's stdin does).
		retry.unref();
	};

	const connect = async (): Promise<void> => {
		let next: PgClient | undefined;
		let lost = false;
		// 'error' and 'end' both come for one lost connection (and a failed connect may bring either): retry once.
		const onLost = () => {
			if (lost) {
				return;
			}
			lost = true;
			if (client === next) {
				client = undefined;
				clearTimeout(steady);
				steady = undefined;
			}
			if (connecting === next) {
				connecting = undefined;
			}
			try {
				void next?.end().catch(() => undefined);
			} catch {
				// Ending a connection that never opened: nothing to end.
			}
			connectLater();
		};
		try {
			const {default: pg} = (await importModule('pg')) as typeof PgModule;
			if (stopped) {
				return;
			}
			next = new pg.Client({
				...pgClientConfig(url),
				application_name: 'microblog-tui listener',
				keepAlive: true,
				keepAliveInitialDelayMillis: keepAliveDelayMs,
				connectionTimeoutMillis: 10_000,
			}) as unknown as PgClient;
			connecting = next;
			next.on('notification', message => {
				if (message.payload !== ownSender) {
					report();
				}
			});
			next.on('error', onLost);
			next.on('end', onLost);
			await next.connect();
			await next.query(`LISTEN ${changeChannel}`);
		} catch {
			onLost();
			return;
		} finally {
			if (connecting === next) {
				connecting = undefined;
			}
			firstAttemptDone();
		}
		if (lost) {
			return;
		}
		if (stopped) {
			lost = true;
			await next.end().catch(() => undefined);
			return;
		}
		client = next;
		// The backoff starts again only once this connection has proved steady.
		steady = setTimeout(() => {
			steady = undefined;
			failures = 0;
		}, steadyMs);
		steady.unref();
		report();
	};

	const startAttempt = () => {
		const current = connect();
		attempt = current;
		void current.finally(() => {
			if (attempt === current) {
				attempt = undefined;
			}
		});
	};

	startAttempt();
	return {
		ready,
		async stop() {
			stopped = true;
			clearTimeout(retry);
			retry = undefined;
			clearTimeout(steady);
			steady = undefined;
			// An attempt in flight (a server slow to answer, or one that never does) is ended now, not when it times out.
			connecting?.connection?.stream?.destroy();
			await attempt;
			await client?.end().catch(() => undefined);
			client = undefined;
		},
	};
}
