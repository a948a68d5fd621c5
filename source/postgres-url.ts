import {UsageError} from './errors.js';

/**
 * A PostgreSQL URL read the way libpq reads it (`postgresql://[user[:password]@][host][:port][/dbname][?param=value&...]`,
 * https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS), every part percent-decoded, the
 * query's `host`, `port`, `dbname`, `user` and `password` in force over the URL's own parts. Parsed here rather than by
 * Sequelize: Sequelize reads a URL with Node's legacy `url.parse`, which ignores `?password=` and `?port=`, and which
 * prints a deprecation warning carrying the whole URL, password and all, when a password holds an unencoded `/`, `?`
 * or `#`.
 */
export type PostgresUrl = {
	readonly user: string | undefined;
	readonly password: string | undefined;
	/** A host name, an IP address (IPv6 without brackets), or a Unix socket directory (starts with `/`). */
	readonly host: string | undefined;
	readonly port: number | undefined;
	readonly database: string | undefined;
	/** The other query parameters (SSL, application_name, options, connect_timeout), decoded. */
	readonly parameters: Readonly<Record<string, string>>;
	/** The URL as written, with every password replaced by `***`: the one form that is ever shown. */
	readonly display: string;
};

/** The query parameters libpq knows that node-postgres can honour; libpq refuses any other, and so does this. */
export const supportedParameters = [
	'host',
	'port',
	'dbname',
	'user',
	'password',
	'sslmode',
	'sslrootcert',
	'sslcert',
	'sslkey',
	'ssl',
	'application_name',
	'options',
	'connect_timeout',
] as const;

const mask = '***';

const encodingHint = "percent-encode a '/', '?', '#' or '@' in its user name or password (%2F, %3F, %23, %40)";

/** A query parameter that holds a secret (libpq's `password`, `sslpassword`): its value is never shown. */
function isSecret(key: string): boolean {
	return /password/i.test(key);
}

/**
 * Decodes each run of valid `%XX` escapes and leaves anything else as written: a `%` not followed by two hex digits
 * is taken literally, as pg-connection-string does, instead of refusing a password that holds one.
 */
function percentDecode(text: string): string {
	return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, run => {
		try {
			return decodeURIComponent(run);
		} catch {
			return run;
		}
	});
}

/** `host`, `host:port`, `[v6]`, `[v6]:port`, or empty: what may stand between `@` and the path. */
const hostSpec = /^(?:\[[0-9A-Za-z:.%]*\]|[^\s/?#@:[\],]*)(?::\d*)?$/;

type Split = {userInfo: string | undefined; hostPort: string; tail: string};

/**
 * Where the user info ends. libpq stops at the first `/`, so a password with an unencoded `/`, `?` or `#` does not
 * connect with psql; it is accepted here when there is only one way to read it, and refused otherwise, never
 * guessed: the text before the first `/`, `?` or `#` is not a host and port (`user:pa` of `user:pa/ss@host/db`), and
 * an `@` after it is followed by one.
 */
function splitAuthority(rest: string): Split {
	const delimiter = rest.search(/[/?#]/);
	const end = delimiter === -1 ? rest.length : delimiter;
	const authority = rest.slice(0, end);
	const at = authority.lastIndexOf('@');
	if (at !== -1) {
		// The last `@` before the path, as WHATWG URLs read it: an unencoded `@` in a password is kept.
		return {userInfo: authority.slice(0, at), hostPort: authority.slice(at + 1), tail: rest.slice(end)};
	}
	if (!hostSpec.test(authority)) {
		for (let index = rest.indexOf('@', end); index !== -1; index = rest.indexOf('@', index + 1)) {
			const after = /^[^/?#@]*(?=[/?]|$)/.exec(rest.slice(index + 1));
			if (after && hostSpec.test(after[0])) {
				return {userInfo: rest.slice(0, index), hostPort: after[0], tail: rest.slice(index + 1 + after[0].length)};
			}
		}
	}
	return {userInfo: undefined, hostPort: authority, tail: rest.slice(end)};
}

function parsePort(text: string, where: string): number | undefined {
	if (text === '') {
		return undefined;
	}
	const port = /^\d+$/.test(text) ? Number(text) : Number.NaN;
	if (!Number.isInteger(port) || port < 1 || port > 65_535) {
		throw new UsageError(`the port of the database URL ${where} is not a port number`);
	}
	return port;
}

export const sslModes = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;

/** Values that would fail only once connecting, refused with the other usage errors instead. */
function checkParameter(key: string, value: string): void {
	if (key === 'sslmode' && !(sslModes as readonly string[]).includes(value)) {
		throw new UsageError(`the database URL's sslmode is not one of ${sslModes.join(', ')}`);
	}
	if (key === 'ssl' && !['true', '1', 'false', '0'].includes(value)) {
		throw new UsageError("the database URL's ssl parameter is not true, 1, false or 0");
	}
	if (key === 'connect_timeout' && !/^\d+$/.test(value)) {
		throw new UsageError("the database URL's connect_timeout is not a number of seconds");
	}
}

/**
 * The drivers of SQLAlchemy's `postgresql+<driver>://` URLs (the Flask tutorial's DATABASE_URL): they all reach
 * the same server with the same URL parts, and node-postgres stands in for any of them.
 */
export const sqlalchemyPostgresDrivers = ['psycopg2', 'psycopg', 'psycopg2cffi', 'pg8000', 'asyncpg'] as const;

function checkDriver(driver: string | undefined): void {
	if (driver !== undefined && !(sqlalchemyPostgresDrivers as readonly string[]).includes(driver.toLowerCase())) {
		const named = /^[\w-]{1,40}$/.test(driver) ? `'${driver}'` : 'in it';
		throw new UsageError(`the database URL's driver ${named} is not a PostgreSQL driver SQLAlchemy knows (${sqlalchemyPostgresDrivers.join(', ')})`);
	}
}

/**
 * Reads a `postgres:` or `postgresql:` URL, or SQLAlchemy's `postgresql+psycopg2:` (any driver of
 * sqlalchemyPostgresDrivers; shown as written). A URL that cannot be read is a usage error whose message never quotes it:
 * the part in doubt may be the password.
 */
export function parsePostgresUrl(text: string): PostgresUrl {
	const scheme = /^(postgres(?:ql)?)(?:\+([^:/?#@]*))?:\/\//i.exec(text);
	if (!scheme) {
		throw new UsageError('a PostgreSQL URL starts with postgres:// or postgresql://');
	}
	checkDriver(scheme[2]);
	const split = splitAuthority(text.slice(scheme[0].length));
	const queryStart = split.tail.indexOf('?');
	const path = queryStart === -1 ? split.tail : split.tail.slice(0, queryStart);
	const query = queryStart === -1 ? undefined : split.tail.slice(queryStart + 1);
	// An `@` left in the path (`user:12/34@host/db`, read as host `user`, port 12) means the user info held an
	// unencoded `/`: connecting to what the parse says would send the rest of the password as a database name.
	if ((path !== '' && !path.startsWith('/')) || path.includes('@') || path.includes('#')) {
		throw new UsageError(`cannot read the database URL: ${encodingHint}`);
	}
	let user: string | undefined;
	let password: string | undefined;
	let shownUserInfo = '';
	if (split.userInfo !== undefined) {
		const colon = split.userInfo.indexOf(':');
		const rawUser = colon === -1 ? split.userInfo : split.userInfo.slice(0, colon);
		user = rawUser === '' ? undefined : percentDecode(rawUser);
		password = colon === -1 ? undefined : percentDecode(split.userInfo.slice(colon + 1));
		shownUserInfo = `${rawUser}${colon === -1 ? '' : `:${mask}`}@`;
	}
	const hostMatch = /^(\[([^\]]*)\]|[^:]*)(?::(.*))?$/.exec(split.hostPort);
	const rawHost = hostMatch?.[2] ?? hostMatch?.[1] ?? '';
	let host = rawHost === '' ? undefined : percentDecode(rawHost);
	let port = parsePort(hostMatch?.[3] ?? '', 'after the host');
	let database = path.length > 1 ? percentDecode(path.slice(1)) : undefined;
	if (host?.includes(',')) {
		throw new UsageError('a database URL with several hosts is not supported (node-postgres connects to one)');
	}
	const parameters: Record<string, string> = {};
	const shownPairs: string[] = [];
	for (const pair of query === undefined || query === '' ? [] : query.split('&')) {
		const equals = pair.indexOf('=');
		if (equals === -1) {
			throw new UsageError(`cannot read the database URL: a query parameter has no '=' (or ${encodingHint})`);
		}
		const key = percentDecode(pair.slice(0, equals));
		const value = percentDecode(pair.slice(equals + 1));
		if (!(supportedParameters as readonly string[]).includes(key)) {
			const named = /^[\w-]{1,40}$/.test(key) ? `'${key}'` : 'a parameter';
			throw new UsageError(`the database URL has ${named} this program does not support (supported: ${supportedParameters.join(', ')})`);
		}
		shownPairs.push(isSecret(key) ? `${pair.slice(0, equals)}=${mask}` : pair);
		switch (key) {
			case 'host': {
				host = value === '' ? undefined : value;
				break;
			}
			case 'port': {
				port = parsePort(value, 'in its port parameter');
				break;
			}
			case 'dbname': {
				database = value === '' ? undefined : value;
				break;
			}
			case 'user': {
				user = value === '' ? undefined : value;
				break;
			}
			case 'password': {
				password = value;
				break;
			}
			default: {
				checkParameter(key, value);
				parameters[key] = value;
			}
		}
	}
	const display = `${scheme[0]}${shownUserInfo}${split.hostPort}${path}${query === undefined ? '' : `?${shownPairs.join('&')}`}`;
	return {user, password, host, port, database, parameters, display};
}
