import {readFileSync} from 'node:fs';
import type {ConnectionOptions} from 'node:tls';
import type {ClientConfig} from 'pg';
import {UserError} from '../errors.js';
import type {PostgresUrl} from '../postgres-url.js';

/** Waiting longer for a server that does not answer only delays the one-line message that says so. */
const defaultConnectTimeoutMs = 5000;

function readCertificate(parameters: Readonly<Record<string, string>>, key: 'sslrootcert' | 'sslcert' | 'sslkey'): string | undefined {
	const file = parameters[key];
	if (file === undefined) {
		return undefined;
	}
	try {
		return readFileSync(file, 'utf8');
	} catch (error) {
		throw new UserError(`cannot read the ${key} file of the database URL, ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {cause: error});
	}
}

/**
 * The TLS settings for the URL's SSL parameters, with libpq's meanings (the table in libpq's "SSL Support"), as
 * pg-connection-string's `useLibpqCompat` maps them. node-postgres cannot fall back from one kind of connection to
 * the other: `allow` connects without SSL (libpq's first attempt), `prefer` with SSL (libpq's first attempt); without
 * `sslmode` or `ssl`, no SSL, as before.
 */
function sslOptions(parameters: Readonly<Record<string, string>>): ClientConfig['ssl'] {
	const mode = parameters.sslmode;
	const files: ConnectionOptions = {};
	const ca = readCertificate(parameters, 'sslrootcert');
	const cert = readCertificate(parameters, 'sslcert');
	const key = readCertificate(parameters, 'sslkey');
	for (const [name, value] of [['ca', ca], ['cert', cert], ['key', key]] as const) {
		if (value !== undefined) {
			files[name] = value;
		}
	}
	const acceptAnyName = () => undefined;
	switch (mode) {
		case 'disable':
		case 'allow': {
			return false;
		}
		case 'prefer':
		case 'require': {
			// libpq: with a root certificate, require verifies the chain as verify-ca does.
			return ca === undefined ? {...files, rejectUnauthorized: false} : {...files, checkServerIdentity: acceptAnyName};
		}
		case 'verify-ca': {
			if (ca === undefined) {
				throw new UserError('sslmode=verify-ca needs sslrootcert=<file> in the database URL');
			}
			return {...files, checkServerIdentity: acceptAnyName};
		}
		case 'verify-full': {
			return files;
		}
		default: {
			break;
		}
	}
	if (parameters.ssl !== undefined) {
		return parameters.ssl === 'true' || parameters.ssl === '1' ? files : false;
	}
	// Certificates without an sslmode: verified in full, as node-postgres does.
	return Object.keys(files).length > 0 ? files : undefined;
}

/** node-postgres's settings, the password always text (Sequelize takes nothing else). */
export type PgConnectionConfig = ClientConfig & {password?: string};

/**
 * The connection settings node-postgres takes, from a URL already read by parsePostgresUrl: a config object, never
 * the URL, so no URL parser of a library sees the password. Certificate files are read here, when connecting, not
 * when the command line is read (`--migrate --sql` connects to nothing).
 */
export function pgClientConfig(url: PostgresUrl): PgConnectionConfig {
	const timeout = url.parameters.connect_timeout;
	const config: PgConnectionConfig = {
		host: url.host,
		port: url.port,
		database: url.database,
		user: url.user,
		password: url.password,
		ssl: sslOptions(url.parameters),
		application_name: url.parameters.application_name ?? 'microblog-tui',
		// libpq: 0 waits for ever (so does node-postgres), and a value of 1 is taken as 2.
		connectionTimeoutMillis: timeout === undefined ? defaultConnectTimeoutMs : Number(timeout) === 1 ? 2000 : Number(timeout) * 1000,
	};
	if (url.parameters.options !== undefined) {
		config.options = url.parameters.options;
	}
	return config;
}
