// runs once: covers each engine itself, or needs no database.
import assert from 'node:assert/strict';
import {homedir} from 'node:os';
import path from 'node:path';
import {describe, it} from 'node:test';
import {dataDirectory, resolveDatabase} from '../../source/config.js';

describe('database location', () => {
	it('defaults to app.db in $XDG_DATA_HOME/microblog-tui', () => {
		const location = resolveDatabase(undefined, {XDG_DATA_HOME: '/data/home'});
		assert.deepEqual(location, {dialect: 'sqlite', storage: '/data/home/microblog-tui/app.db', isDefault: true, display: '/data/home/microblog-tui/app.db'});
	});

	it('falls back to ~/.local/share/microblog-tui without XDG_DATA_HOME', () => {
		const saved = process.env.XDG_DATA_HOME;
		delete process.env.XDG_DATA_HOME;
		try {
			assert.equal(dataDirectory({}), path.join(homedir(), '.local', 'share', 'microblog-tui'));
		} finally {
			if (saved !== undefined) {
				process.env.XDG_DATA_HOME = saved;
			}
		}
	});

	it('prefers the flag over DATABASE_URL over the default', () => {
		const env = {DATABASE_URL: 'sqlite:/from/env.db', XDG_DATA_HOME: '/x'};
		assert.equal(resolveDatabase('/from/flag.db', env).display, '/from/flag.db');
		assert.equal(resolveDatabase(undefined, env).display, '/from/env.db');
		assert.equal(resolveDatabase(undefined, {DATABASE_URL: '', XDG_DATA_HOME: '/x'}).isDefault, true);
	});

	it('accepts paths, sqlite: URLs in both conventions and :memory:', () => {
		const storage = (value: string) => {
			const location = resolveDatabase(value, {});
			return location.dialect === 'sqlite' ? location.storage : location.url;
		};
		assert.equal(storage('relative.db'), path.resolve('relative.db'));
		assert.equal(storage('sqlite:relative.db'), path.resolve('relative.db'));
		assert.equal(storage('sqlite:///relative.db'), path.resolve('relative.db'));
		assert.equal(storage('sqlite:////abs/app.db'), '/abs/app.db');
		assert.equal(storage('sqlite://rel/app.db'), path.resolve('rel/app.db'));
		assert.equal(storage(':memory:'), ':memory:');
		assert.equal(storage('sqlite::memory:'), ':memory:');
		assert.equal(storage('~/x.db'), path.join(homedir(), 'x.db'));
	});

	it('accepts postgres URLs and hides their password', () => {
		const location = resolveDatabase('postgres://me:s3cret@db.example:5433/blog', {});
		assert.equal(location.dialect, 'postgres');
		assert.equal(location.display.includes('s3cret'), false);
		assert.equal(resolveDatabase('postgresql://localhost/blog', {}).dialect, 'postgres');
	});

	it('rejects other schemes and empty values as usage errors', () => {
		assert.throws(() => resolveDatabase('mysql://localhost/db', {}), {name: 'UsageError', message: /unsupported database URL scheme 'mysql:'/});
		assert.throws(() => resolveDatabase('  ', {}), {name: 'UsageError'});
	});
});
