// runs once: reads URLs, connects to nothing.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {resolveDatabase} from '../../source/config.js';

/** A password with every character a URL gives a meaning to. */
const secret = 'pa/ss?wo#rd@x:y%z';
const encoded = encodeURIComponent(secret);

type Parsed = {user?: string; password?: string; host?: string; port?: number; database?: string; parameters?: Record<string, string>};

/** What --database is given, what must be shown, and how it must be read. */
const cases: Array<{url: string; display: string; parsed: Parsed}> = [
	{
		url: `postgres://me:${encoded}@db.example:5433/blog`,
		display: 'postgres://me:***@db.example:5433/blog',
		parsed: {user: 'me', password: secret, host: 'db.example', port: 5433, database: 'blog'},
	},
	{
		url: `postgresql://me:${encoded}@db.example/blog`,
		display: 'postgresql://me:***@db.example/blog',
		parsed: {user: 'me', password: secret, host: 'db.example', database: 'blog'},
	},
	{
		url: `postgres://me@db.example/blog?password=${encoded}`,
		display: 'postgres://me@db.example/blog?password=***',
		parsed: {user: 'me', password: secret, host: 'db.example', database: 'blog'},
	},
	{
		url: `postgres://db.example/blog?user=me&sslmode=disable&password=${encoded}&application_name=x`,
		display: 'postgres://db.example/blog?user=me&sslmode=disable&password=***&application_name=x',
		parsed: {user: 'me', password: secret, host: 'db.example', database: 'blog', parameters: {sslmode: 'disable', application_name: 'x'}},
	},
	{
		// An unencoded '@', '/', '?', '#' and ':' in the password.
		url: `postgres://me:${secret}@db.example:5433/blog?sslmode=require`,
		display: 'postgres://me:***@db.example:5433/blog?sslmode=require',
		parsed: {user: 'me', password: secret, host: 'db.example', port: 5433, database: 'blog', parameters: {sslmode: 'require'}},
	},
	{
		url: 'postgres://me:p@ss@db.example/blog',
		display: 'postgres://me:***@db.example/blog',
		parsed: {user: 'me', password: 'p@ss', host: 'db.example', database: 'blog'},
	},
	{
		url: 'postgres://me:s3cr#t@db.example/blog',
		display: 'postgres://me:***@db.example/blog',
		parsed: {user: 'me', password: 's3cr#t', host: 'db.example', database: 'blog'},
	},
	{
		url: 'postgres://me:a?b@db.example/blog',
		display: 'postgres://me:***@db.example/blog',
		parsed: {user: 'me', password: 'a?b', host: 'db.example', database: 'blog'},
	},
	{
		url: `postgres://me:${encoded}@[::1]:5433/blog`,
		display: 'postgres://me:***@[::1]:5433/blog',
		parsed: {user: 'me', password: secret, host: '::1', port: 5433, database: 'blog'},
	},
	{
		url: `postgres://me:${encoded}@[fe80::1%25eth0]/blog`,
		display: 'postgres://me:***@[fe80::1%25eth0]/blog',
		parsed: {user: 'me', password: secret, host: 'fe80::1%eth0', database: 'blog'},
	},
	{
		url: `postgres://me@/blog?host=/var/run/postgresql&port=5444&password=${encoded}`,
		display: 'postgres://me@/blog?host=/var/run/postgresql&port=5444&password=***',
		parsed: {user: 'me', password: secret, host: '/var/run/postgresql', port: 5444, database: 'blog'},
	},
	{
		url: 'postgres://%2Fvar%2Frun%2Fpostgresql/blog',
		display: 'postgres://%2Fvar%2Frun%2Fpostgresql/blog',
		parsed: {host: '/var/run/postgresql', database: 'blog'},
	},
	{
		url: `postgres://me:${encoded}@db.example/blog?sslmode=verify-full&sslrootcert=/etc/ca.pem&connect_timeout=3`,
		display: 'postgres://me:***@db.example/blog?sslmode=verify-full&sslrootcert=/etc/ca.pem&connect_timeout=3',
		parsed: {user: 'me', password: secret, host: 'db.example', database: 'blog', parameters: {sslmode: 'verify-full', sslrootcert: '/etc/ca.pem', connect_timeout: '3'}},
	},
	{
		url: 'postgres://db.example/my%20blog?dbname=other',
		display: 'postgres://db.example/my%20blog?dbname=other',
		parsed: {host: 'db.example', database: 'other'},
	},
	{
		url: 'postgresql://localhost',
		display: 'postgresql://localhost',
		parsed: {host: 'localhost'},
	},
];

describe('database URLs: shown without their password, read as libpq reads them', () => {
	for (const {url, display, parsed} of cases) {
		it(url, () => {
			const location = resolveDatabase(url, {});
			assert.equal(location.dialect, 'postgres');
			assert.equal(location.display, display);
			assert.ok(!location.display.includes('ss?wo') && !location.display.includes(encoded), 'no part of the password is shown');
			assert.ok(location.dialect === 'postgres' && location.connection, 'the URL is read');
			const {user, password, host, port, database, parameters} = location.connection;
			assert.deepEqual(
				{user, password, host, port, database, parameters: {...parameters}},
				{user: undefined, password: undefined, host: undefined, port: undefined, database: undefined, ...parsed, parameters: {...parsed.parameters}},
			);
		});
	}

	it('DATABASE_URL is shown through the same redactor', () => {
		assert.equal(resolveDatabase(undefined, {DATABASE_URL: `postgres://me@h/db?password=${encoded}`}).display, 'postgres://me@h/db?password=***');
	});

	it('SQLite locations are shown as they are', () => {
		assert.equal(resolveDatabase('sqlite:////srv/a:b@c.db', {}).display, '/srv/a:b@c.db');
		assert.equal(resolveDatabase('/srv/pass?word=x.db', {}).display, '/srv/pass?word=x.db');
		assert.equal(resolveDatabase(':memory:', {}).display, ':memory:');
	});

	it('a URL that cannot be read one way only is refused, in a message that does not quote it', () => {
		for (const url of [
			'postgres://me:12/34@db.example/blog', // host me, port 12, or password 12/34?
			'postgres://me:12?x@db.example/blog',
			'postgres://me/pa@db.example/blog',
			'postgres://me:pw@host/db?sneaky',
		]) {
			assert.throws(
				() => resolveDatabase(url, {}),
				(error: Error) => error.name === 'UsageError' && /percent-encode/.test(error.message) && !/12\/34|12\?x|pa@|sneaky/.test(error.message),
				url,
			);
		}
	});

	it('refuses parameters libpq does not know or node-postgres cannot honour, and bad values, without their values', () => {
		assert.throws(() => resolveDatabase(`postgres://h/db?target_session_attrs=any&password=${encoded}`, {}), {
			name: 'UsageError',
			message: /'target_session_attrs' this program does not support/,
		});
		assert.throws(() => resolveDatabase('postgres://h/db?sslmode=sometimes', {}), {name: 'UsageError', message: /sslmode is not one of disable, allow/});
		assert.throws(() => resolveDatabase('postgres://h:99999/db', {}), {name: 'UsageError', message: /not a port number/});
		assert.throws(() => resolveDatabase('postgres://h1,h2/db', {}), {name: 'UsageError', message: /several hosts/});
	});
});
