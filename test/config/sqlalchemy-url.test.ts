// runs once: reads URLs, connects to nothing.
// SQLAlchemy's URLs (the Flask tutorial's DATABASE_URL) read as SQLAlchemy reads them, passwords still redacted.
import assert from 'node:assert/strict';
import path from 'node:path';
import {describe, it} from 'node:test';
import {resolveDatabase} from '../../source/config.js';
import {UsageError} from '../../source/errors.js';

const secret = 'pa/ss?wo#rd@x:y%z';
const encoded = encodeURIComponent(secret);

describe("SQLAlchemy's database URLs", () => {
	for (const scheme of ['postgresql+psycopg2', 'postgresql+psycopg', 'postgres+psycopg2', 'postgresql+pg8000', 'POSTGRESQL+PSYCOPG2']) {
		it(`${scheme}:// is PostgreSQL, read like postgresql:// and shown without its password`, () => {
			const location = resolveDatabase(`${scheme}://me:${encoded}@db.example:5433/blog?sslmode=require`, {});
			assert.equal(location.dialect, 'postgres');
			assert.ok(location.dialect === 'postgres');
			assert.equal(location.display, `${scheme}://me:***@db.example:5433/blog?sslmode=require`);
			assert.deepEqual(
				{user: location.connection.user, password: location.connection.password, host: location.connection.host, port: location.connection.port, database: location.connection.database},
				{user: 'me', password: secret, host: 'db.example', port: 5433, database: 'blog'},
			);
			assert.ok(!location.display.includes(secret) && !location.display.includes(encoded));
		});
	}

	it('an unencoded password in a +driver URL is still never shown', () => {
		const location = resolveDatabase(`postgresql+psycopg2://me:${secret}@db.example/blog`, {});
		assert.equal(location.display, 'postgresql+psycopg2://me:***@db.example/blog');
	});

	it('a driver this program cannot stand in for, or another engine, is refused in one line without the URL', () => {
		const refusals: Array<[string, RegExp]> = [
			[`postgresql+asyncmy://me:${secret}@h/db`, /^the database URL's driver 'asyncmy' is not a PostgreSQL driver/],
			[`mysql+pymysql://me:${secret}@h/db`, /^unsupported database URL scheme 'mysql\+pymysql:'/],
			[`sqlite+foo:///app.db`, /^the database URL's driver 'foo' is not a SQLite driver/],
		];
		for (const [url, message] of refusals) {
			assert.throws(() => resolveDatabase(url, {}), (error: Error) => {
				assert.ok(error instanceof UsageError);
				assert.match(error.message, message);
				assert.ok(!error.message.includes(secret));
				return true;
			});
		}
	});

	it('sqlite:///relative.db is relative to the current directory, sqlite:////absolute.db absolute, sqlite+pysqlite too; sqlite:// is in memory', () => {
		const storage = (url: string) => {
			const location = resolveDatabase(url, {});
			assert.equal(location.dialect, 'sqlite');
			return location.dialect === 'sqlite' ? location.storage : '';
		};
		assert.equal(storage('sqlite:///app.db'), path.resolve('app.db'));
		assert.equal(storage('sqlite:///data/app.db'), path.resolve('data/app.db'));
		assert.equal(storage('sqlite:////srv/microblog/app.db'), '/srv/microblog/app.db');
		assert.equal(storage('sqlite+pysqlite:////srv/microblog/app.db'), '/srv/microblog/app.db');
		assert.equal(storage('sqlite+pysqlite:///app.db'), path.resolve('app.db'));
		assert.equal(storage('sqlite://'), ':memory:');
		assert.equal(storage('sqlite:///:memory:'), ':memory:');
	});
});
