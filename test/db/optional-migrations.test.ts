// Optional migrations (source/db/optional-migrations.ts): run only when named, never pending; on both engines, the
// tables read back by sqlite3/psql.
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {migrationFiles, migrationStatus, upgrade} from '../../source/db/migrator.js';
import {scriptRange} from '../../source/db/offline-sql.js';
import {stamp} from '../../source/db/stamp.js';
import {freshDatabase} from '../helpers/database.js';
import {testEngine} from '../helpers/engine.js';
import {tempDir} from '../helpers/temp-dir.js';
import {sqlShell} from '../shared-database/foreign-clients.js';

/** A step that creates (and its down drops) one table, in raw SQL. */
function stepFile(directory: string, name: string, table: string): string {
	const file = path.join(directory, `${name}.mjs`);
	writeFileSync(
		file,
		`export const tables = ['${table}'];
export const up = async ({context: {sequelize, transaction}}) => { await sequelize.query('CREATE TABLE ${table} (id INTEGER PRIMARY KEY)', {transaction}); };
export const down = async ({context: {sequelize, transaction}}) => { await sequelize.query('DROP TABLE ${table}', {transaction}); };
`,
	);
	return file;
}

function source() {
	const directory = tempDir();
	const own = migrationFiles().filter(file => !file.optional);
	return {
		files: [
			...own,
			{name: '0090-optional-extra', path: stepFile(directory, '0090-optional-extra', 'optional_extra'), optional: true},
			{name: '0091-required-extra', path: stepFile(directory, '0091-required-extra', 'required_extra')},
		],
	};
}

async function liveTables(location: string, dialect: string): Promise<string[]> {
	const sql =
		dialect === 'sqlite'
			? "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%_extra' ORDER BY name"
			: "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE '%\\_extra' ORDER BY 1";
	const out = await sqlShell(location, sql);
	return out === '' ? [] : out.split('\n');
}

describe(`optional migrations (${testEngine})`, () => {
	it('are never pending: --migrate passes over them, --migrate --to NAME runs one', async () => {
		const files = source();
		const {database, file} = await freshDatabase();
		{
			const before = await migrationStatus(database, files);
			assert.equal(before.pending.includes('0090-optional-extra'), false);
			assert.deepEqual(before.optional, ['0090-optional-extra']);
			assert.equal(before.migrations.find(migration => migration.name === '0090-optional-extra')?.optional, true);

			const plain = await upgrade(database, undefined, files);
			assert.equal(plain.ran.includes('0090-optional-extra'), false);
			assert.equal(plain.ran.at(-1), '0091-required-extra');
			assert.deepEqual(plain.status.pending, []);
			assert.equal(plain.status.current, '0091-required-extra');
			assert.deepEqual(await liveTables(file, database.dialect), ['required_extra']);

			// Running up to a later one still leaves it out; naming it runs it alone.
			assert.deepEqual((await upgrade(database, '0091-required-extra', files)).ran, []);
			const named = await upgrade(database, '0090-optional-extra', files);
			assert.deepEqual(named.ran, ['0090-optional-extra']);
			assert.deepEqual(named.status.optional, []);
			assert.deepEqual(await liveTables(file, database.dialect), ['optional_extra', 'required_extra']);
		}
	});

	it('an offline script leaves them out unless it ends at one', () => {
		const files = source();
		assert.equal(scriptRange('up', {}, files).steps.includes('0090-optional-extra'), false);
		assert.deepEqual(scriptRange('up', {from: '0006-user-case-unique', to: '0090-optional-extra'}, files).steps, ['0090-optional-extra']);
		assert.deepEqual(scriptRange('up', {from: '0006-user-case-unique'}, files).steps, ['0091-required-extra']);
	});

	it('--stamp records one only when it is the target, and holds it to its schema like any other', async () => {
		const files = source();
		// closed by freshDatabase when the test ends
		const {database, file} = await freshDatabase();
		await upgrade(database, undefined, files);
		// Its table is missing: refused, nothing recorded.
		await assert.rejects(stamp(database, '0090-optional-extra', files), /cannot stamp .* at 0090-optional-extra: [^\n]*\n {2}table optional_extra is missing$/);
		const records = async () => sqlShell(file, `SELECT name FROM "SequelizeMeta" WHERE name LIKE '009%' ORDER BY name`);
		assert.equal(await records(), '0091-required-extra');
		// Stamping below it forgets what was above, and leaves the optional one out of what it records.
		const lowered = await stamp(database, '0006-user-case-unique', files);
		assert.deepEqual(lowered.forgotten, ['0091-required-extra']);
		assert.deepEqual(lowered.recorded, []);
		assert.equal(await records(), '');
		assert.deepEqual(await liveTables(file, database.dialect), ['required_extra'], 'the schema is as it was');
		// Stamping past it records the required one alone: the optional one, not named, is not held to its table.
		const past = await stamp(database, '0091-required-extra', files);
		assert.deepEqual(past.recorded, ['0091-required-extra']);
		assert.deepEqual(past.status.optional, ['0090-optional-extra']);
		assert.equal(await records(), '0091-required-extra');
	});
});
