import {homedir} from 'node:os';
import path from 'node:path';
import envPaths from 'env-paths';
import {UsageError} from './errors.js';
import {parsePostgresUrl} from './postgres-url.js';
import type {PostgresUrl} from './postgres-url.js';

export type DatabaseLocation =
	| {
			readonly dialect: 'sqlite';
			/** A file path, or `:memory:`. */
			readonly storage: string;
			/** True when neither a flag nor DATABASE_URL chose it. */
			readonly isDefault: boolean;
			readonly display: string;
	  }
	| {
			readonly dialect: 'postgres';
			/** The URL as given: never shown, never handed to a library (its password may be anywhere in it). */
			readonly url: string;
			/** The URL read, as libpq reads it. */
			readonly connection: PostgresUrl;
			readonly isDefault: false;
			/** The URL with every password replaced by `***` (postgres-url.ts), the only form shown. */
			readonly display: string;
	  };

export const appName = 'microblog-tui';

/** `$XDG_DATA_HOME/microblog-tui`, else `~/.local/share/microblog-tui` (per-OS elsewhere). */
export function dataDirectory(env: NodeJS.ProcessEnv = process.env): string {
	// env-paths reads XDG_DATA_HOME from process.env itself; honour an explicit env too.
	if (env.XDG_DATA_HOME && process.platform !== 'darwin' && process.platform !== 'win32') {
		return path.join(env.XDG_DATA_HOME, appName);
	}
	return envPaths(appName, {suffix: ''}).data;
}

export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(dataDirectory(env), 'app.db');
}

function expandHome(p: string): string {
	return p === '~' || p.startsWith('~/') ? path.join(homedir(), p.slice(1)) : p;
}

/**
 * Accepted SQLite forms: a plain path, `:memory:`, `sqlite::memory:`,
 * `sqlite:relative.db`, `sqlite://relative.db`, and SQLAlchemy's
 * `sqlite:///relative.db` (relative to the current directory, as SQLAlchemy
 * reads it; Flask-SQLAlchemy 3 reads it relative to the app's instance folder),
 * `sqlite:////absolute.db`, `sqlite:///:memory:` and `sqlite://` (in memory).
 */
function sqliteStorageFromUrl(rest: string): string {
	let storage = rest;
	if (rest.startsWith('///')) {
		storage = rest.slice(3);
	} else if (rest.startsWith('//')) {
		storage = rest.slice(2);
	}
	return storage === '' || storage === ':memory:' ? ':memory:' : storage;
}

/** `--database` flag > `DATABASE_URL` > the default file in the data directory. */
export function resolveDatabase(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): DatabaseLocation {
	const chosen = flag ?? (env.DATABASE_URL ? env.DATABASE_URL : undefined);
	if (chosen === undefined) {
		const storage = defaultDatabasePath(env);
		return {dialect: 'sqlite', storage, isDefault: true, display: storage};
	}
	const value = chosen.trim();
	if (value === '') {
		throw new UsageError('the database location is empty');
	}
	// SQLAlchemy's `postgresql+psycopg2://` too: the URL a Flask app and this program can share (postgres-url.ts).
	if (/^postgres(ql)?(\+[^:/?#@]*)?:\/\//i.test(value)) {
		const connection = parsePostgresUrl(value);
		return {dialect: 'postgres', url: value, connection, isDefault: false, display: connection.display};
	}
	let storage: string;
	const sqlite = /^sqlite(?:\+([^:/]*))?:/i.exec(value);
	if (sqlite) {
		// SQLAlchemy's `sqlite+pysqlite:` is the same file.
		if (sqlite[1] !== undefined && sqlite[1].toLowerCase() !== 'pysqlite') {
			const named = /^[\w-]{1,40}$/.test(sqlite[1]) ? `'${sqlite[1]}'` : 'in it';
			throw new UsageError(`the database URL's driver ${named} is not a SQLite driver this program can stand in for (pysqlite)`);
		}
		storage = sqliteStorageFromUrl(value.slice(sqlite[0].length));
	} else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
		const scheme = value.slice(0, value.indexOf(':'));
		throw new UsageError(`unsupported database URL scheme '${scheme}:' (use a file path, sqlite: or postgres:)`);
	} else {
		storage = value;
	}
	if (storage !== ':memory:') {
		storage = path.resolve(expandHome(storage));
	}
	return {dialect: 'sqlite', storage, isDefault: false, display: storage};
}
