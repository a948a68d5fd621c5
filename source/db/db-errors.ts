import type {DatabaseLocation} from '../config.js';
import {UserError, firstLine} from '../errors.js';
import {diskSpace, formatBytes} from './disk-space.js';

type ErrorLike = {code?: unknown; message?: unknown; parent?: unknown; original?: unknown; cause?: unknown};

/** Every error in the chain Sequelize wraps around a driver error. */
function* errorChain(error: unknown): Generator<ErrorLike> {
	const seen = new Set<unknown>();
	let queue: unknown[] = [error];
	while (queue.length > 0) {
		const next: unknown[] = [];
		for (const item of queue) {
			if (item && typeof item === 'object' && !seen.has(item)) {
				seen.add(item);
				const e = item as ErrorLike;
				yield e;
				next.push(e.parent, e.original, e.cause);
			}
		}
		queue = next;
	}
}

export function errorCode(error: unknown): string | undefined {
	for (const e of errorChain(error)) {
		if (typeof e.code === 'string') {
			return e.code;
		}
	}
	return undefined;
}

function chainText(error: unknown): string {
	return [...errorChain(error)].map(e => (typeof e.message === 'string' ? e.message : '')).join(' | ');
}

export function isSqliteBusy(error: unknown): boolean {
	const code = errorCode(error);
	return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || /SQLITE_BUSY|database is locked/.test(chainText(error));
}

/** The server a PostgreSQL location names: `host:port`, or the socket file in a socket directory, as libpq names it. */
function pgTarget(location: DatabaseLocation): string {
	if (location.dialect !== 'postgres') {
		return location.display;
	}
	const {host, port} = location.connection;
	if (host?.startsWith('/')) {
		return `${host}/.s.PGSQL.${port ?? 5432}`;
	}
	return `${host === undefined ? 'localhost' : host.includes(':') ? `[${host}]` : host}:${port ?? 5432}`;
}

/**
 * `the disk holding … is full (N free)` for SQLITE_FULL, and for an SQLITE_IOERR on a disk that is nearly full (SQLite
 * says "disk I/O error" when creating or growing its -shm or WAL fails for want of space); undefined otherwise.
 */
function fullDisk(code: string, location: DatabaseLocation): string | undefined {
	const space = location.dialect === 'sqlite' ? diskSpace(location.storage) : undefined;
	if (code === 'SQLITE_FULL' || space?.full) {
		return `the disk holding ${location.display} is full${space ? ` (${formatBytes(space.free)} free)` : ''}`;
	}
	return undefined;
}

/**
 * A one-line, human explanation of a database failure, or undefined when
 * the error is not one we recognise (the caller then shows its message).
 */
export function describeDbError(error: unknown, location: DatabaseLocation): string | undefined {
	const code = errorCode(error);
	const text = chainText(error);
	const where = location.display;
	switch (code) {
		case 'SQLITE_NOTADB': {
			return `${where} is not a SQLite database`;
		}
		case 'SQLITE_CORRUPT': {
			return `${where} is corrupt (database disk image is malformed)`;
		}
		case 'SQLITE_CANTOPEN': {
			return `cannot open ${where}: the file or its directory is missing or not accessible`;
		}
		case 'SQLITE_READONLY': {
			return `database is read-only: ${where}`;
		}
		case 'SQLITE_BUSY':
		case 'SQLITE_LOCKED': {
			return `${where} is locked by another process; try again in a moment`;
		}
		case 'SQLITE_FULL':
		case 'SQLITE_IOERR': {
			return fullDisk(code, location) ?? `input/output error on ${where}`;
		}
		case 'ECONNREFUSED': {
			return `PostgreSQL at ${pgTarget(location)} does not answer (connection refused)`;
		}
		case 'ETIMEDOUT':
		case 'EHOSTUNREACH':
		case 'ENETUNREACH': {
			return `PostgreSQL at ${pgTarget(location)} does not answer (${code})`;
		}
		case 'ENOTFOUND':
		case 'EAI_AGAIN': {
			return `PostgreSQL host of ${where} not found`;
		}
		case '28P01':
		case '28000': {
			return `PostgreSQL refused the login for ${where}: wrong user name or password`;
		}
		case '3D000': {
			return `database in ${where} does not exist on the PostgreSQL server`;
		}
		default: {
			break;
		}
	}
	if (/timeout expired|Connection terminated due to connection timeout/i.test(text)) {
		return `PostgreSQL at ${pgTarget(location)} does not answer (timed out)`;
	}
	if (/password authentication failed/i.test(text)) {
		return `PostgreSQL refused the login for ${where}: wrong user name or password`;
	}
	if (/database ".*" does not exist/i.test(text)) {
		return `database in ${where} does not exist on the PostgreSQL server`;
	}
	return undefined;
}

/** A database that would not open, as one line naming it. */
export function openFailure(error: unknown, location: DatabaseLocation): UserError {
	const code = errorCode(error);
	const full = code === undefined ? undefined : fullDisk(code, location);
	if (full !== undefined) {
		// Opening writes nothing of the database's: SQLite failed to make its -shm or WAL file beside it.
		return new UserError(`${full}; nothing was written`, {cause: error});
	}
	return new UserError(describeDbError(error, location) ?? `cannot open ${location.display}: ${firstLine(error)}`, {cause: error});
}
