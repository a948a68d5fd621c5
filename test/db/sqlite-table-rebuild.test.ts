// sqlite-only
// The SQLite table rebuild behind 0007-tighten-adopted-schema (source/db/sqlite-table-rebuild.ts) on shapes the
// tutorial's tables do not have: AUTOINCREMENT, a composite key, a UNIQUE constraint, defaults, a self-reference, a
// table without a rowid alias. Tables made and read back by the sqlite3 shell; the rebuild runs in one transaction.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {rebuildWithNotNull} from '../../source/db/sqlite-table-rebuild.js';
import {freshDatabase} from '../helpers/database.js';
import {sqlite3Shell} from '../shared-database/foreign-clients.js';

async function rebuild(database: Awaited<ReturnType<typeof freshDatabase>>['database'], notNull: Record<string, string[]>): Promise<void> {
	await database.sequelize.transaction(async transaction =>
		rebuildWithNotNull({sequelize: database.sequelize, transaction}, new Map(Object.entries(notNull).map(([table, columns]) => [table, new Set(columns)]))),
	);
}

async function notNullColumns(file: string, table: string): Promise<string> {
	return sqlite3Shell(file, `SELECT group_concat(name, ',') FROM pragma_table_info('${table}') WHERE "notnull"`);
}

describe('rebuilding SQLite tables with NOT NULL columns', () => {
	it("keeps AUTOINCREMENT and its counter past a deleted row's id", async () => {
		const {database, file} = await freshDatabase('rebuild.db', 'sqlite');
		await sqlite3Shell(file, `CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT); INSERT INTO t (v) VALUES ('a'), ('b'), ('c'); DELETE FROM t WHERE id = 3;`);
		await rebuild(database, {t: ['v']});
		assert.equal(await notNullColumns(file, 't'), 'v');
		assert.match(await sqlite3Shell(file, `SELECT sql FROM sqlite_master WHERE name = 't'`), /"id" INTEGER PRIMARY KEY AUTOINCREMENT/);
		assert.equal(await sqlite3Shell(file, `INSERT INTO t (v) VALUES ('d'); SELECT group_concat(id || v, ' ') FROM t`), '1a 2b 4d');
		assert.equal(await sqlite3Shell(file, 'PRAGMA integrity_check'), 'ok');
	});

	it('keeps a composite key, a UNIQUE constraint, defaults, a self-reference and the rowids of a table without an alias', async () => {
		const {database, file} = await freshDatabase('rebuild.db', 'sqlite');
		await sqlite3Shell(
			file,
			`CREATE TABLE pair (a TEXT, b INTEGER DEFAULT 7, c TEXT, d TEXT DEFAULT (lower('X')), PRIMARY KEY (a, b), UNIQUE (c));
			INSERT INTO pair (rowid, a, c) VALUES (10, 'x', 'one'), (20, 'y', 'two');
			CREATE TABLE node (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES node (id) ON DELETE CASCADE, name TEXT);
			PRAGMA foreign_keys = ON;
			INSERT INTO node VALUES (1, 2, 'child'), (2, NULL, 'root');`,
		);
		const before = await sqlite3Shell(file, 'SELECT rowid, * FROM pair ORDER BY rowid; SELECT * FROM node ORDER BY id');
		await rebuild(database, {pair: ['c'], node: ['name']});
		assert.equal(await sqlite3Shell(file, 'SELECT rowid, * FROM pair ORDER BY rowid; SELECT * FROM node ORDER BY id'), before);
		assert.equal(await notNullColumns(file, 'pair'), 'c');
		assert.equal(await notNullColumns(file, 'node'), 'name');
		assert.equal(await sqlite3Shell(file, `SELECT group_concat(name || ':' || pk, ',') FROM pragma_table_info('pair') WHERE pk > 0`), 'a:1,b:2');
		assert.equal(await sqlite3Shell(file, `SELECT origin FROM pragma_index_list('pair') ORDER BY origin`), 'pk\nu');
		assert.equal(await sqlite3Shell(file, `INSERT INTO pair (a, c) VALUES ('z', 'three'); SELECT b || d FROM pair WHERE a = 'z'`), '7x');
		await assert.rejects(sqlite3Shell(file, `INSERT INTO pair (a, b, c) VALUES ('w', 1, 'one')`), /UNIQUE/);
		assert.equal(await sqlite3Shell(file, `SELECT "table" || ' ' || on_delete FROM pragma_foreign_key_list('node')`), 'node CASCADE');
		assert.equal(await sqlite3Shell(file, 'PRAGMA foreign_key_check'), '');
		assert.equal(await sqlite3Shell(file, 'PRAGMA integrity_check'), 'ok');
	});

	it('refuses a table it cannot carry over whole (a CHECK constraint), changing nothing', async () => {
		const {database, file} = await freshDatabase('rebuild.db', 'sqlite');
		await sqlite3Shell(file, `CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT CHECK (length(v) < 5)); INSERT INTO t (v) VALUES ('a');`);
		const before = await sqlite3Shell(file, 'SELECT sql FROM sqlite_master; SELECT * FROM t');
		await assert.rejects(rebuild(database, {t: ['v']}), /^UserError: table t has a CHECK constraint, which this step cannot carry over to the rebuilt table; nothing was changed$/);
		assert.equal(await sqlite3Shell(file, 'SELECT sql FROM sqlite_master; SELECT * FROM t'), before);
	});
});
