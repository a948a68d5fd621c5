import type {QueryTypes, Transaction} from 'sequelize';
import type * as PgModule from 'pg';
import {importModule} from '../import-module.js';
import type {Database} from './connection.js';

/** The PostgreSQL channel every post write notifies, in the writing transaction. */
export const changeChannel = 'microblog_changes';

/**
 * The NOTIFY payload of a database's own writes. Its own listener skips them: the app shows its own writes itself, and
 * an echo re-read the list while the compose frame waited behind it (PostgreSQL compose: ~16 ms, ~45 ms when the echo
 * won). Not a secret, only unlike any other process's (the pid alone may repeat on another host).
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
 * Tells other processes that posts changed. On PostgreSQL a NOTIFY inside the
 * transaction is delivered only if it commits; SQLite needs nothing, since
 * readers watch PRAGMA data_version.
 */
export async function signalChange(database: Database, transaction: Transaction): Promise<void> {
	if (database.dialect === 'postgres') {
		await database.sequelize.query(`SELECT pg_notify('${changeChannel}', :sender)`, {
			// QueryTypes.SELECT, without loading Sequelize's value here.
			type: 'SELECT' as QueryTypes.SELECT,
			transaction,
			replacements: {sender: senderOf(database)},
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
	end(): Promise<void>;
};

/**
 * Calls `onChange` soon after another connection commits a change.
 * SQLite: PRAGMA data_version, polled on the app's own read connection (the
 * SQLite reader's, for the TUI's deferred database), moves
 * when any other connection commits (a cheap read of the WAL index, whatever
 * the size of the tables). PostgreSQL: LISTEN on a dedicated connection; a
 * NOTIFY from a write through this same `database` is not reported.
 */
export function watchChanges(database: Database, onChange: () => void, options: {intervalMs?: number} = {}): ChangeWatch {
	const intervalMs = options.intervalMs ?? 500;
	if (database.dialect === 'postgres' && database.location.dialect === 'postgres') {
		return listen(database.location.url, senderOf(database), onChange);
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

function listen(url: string, ownSender: string, onChange: () => void): ChangeWatch {
	let client: PgClient | undefined;
	let stopped = false;
	// Reports one change once LISTEN is in place: a commit made while it connected would never be heard
	// (at start, the lists' first reads run meanwhile; after a lost connection, anything since). The
	// update re-reads by keyset, a no-op if nothing moved.
	const connect = async () => {
		const {default: pg} = (await importModule('pg')) as typeof PgModule;
		const next = new pg.Client({connectionString: url, application_name: 'microblog-tui listener'}) as unknown as PgClient;
		next.on('notification', message => {
			if (message.payload !== ownSender) {
				onChange();
			}
		});
		next.on('error', () => {
			// A lost connection: try again shortly.
			client = undefined;
			if (!stopped) {
				setTimeout(() => void connect().catch(() => undefined), 2000).unref();
			}
		});
		await next.connect();
		await next.query(`LISTEN ${changeChannel}`);
		if (stopped) {
			await next.end();
			return;
		}
		client = next;
		onChange();
	};
	const ready = connect().catch(() => undefined);
	return {
		ready,
		async stop() {
			stopped = true;
			await ready;
			await client?.end().catch(() => undefined);
		},
	};
}
