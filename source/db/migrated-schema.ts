import {randomBytes} from 'node:crypto';
import {QueryTypes, Sequelize} from 'sequelize';
import type {Transaction} from 'sequelize';
import type {Database} from './connection.js';
import type {StepContext} from './migration-context.js';
import {introspectSchema} from './schema-introspect.js';
import type {SchemaSnapshot} from './schema-introspect.js';
import {loadStep} from './step-runner.js';
import type {StepFile} from './step-records.js';

/**
 * The schema these migrations make, read back from where they ran, never from the models: what `--stamp` holds a
 * database to. Nothing of it is kept. On SQLite they run on a private in-memory database; on PostgreSQL in a scratch
 * schema created inside `transaction` under a savepoint that is rolled back (so the engine's own types, names and
 * triggers come out exactly as the migrator would make them there).
 */
export async function migratedSchema(database: Database, files: readonly StepFile[], transaction: Transaction): Promise<SchemaSnapshot> {
	return database.dialect === 'sqlite' ? inMemory(files) : inScratchSchema(database, files, transaction);
}

async function runSteps(sequelize: Sequelize, dialect: Database['dialect'], files: readonly StepFile[], transaction: Transaction): Promise<void> {
	for (const file of files) {
		const step = await loadStep(file);
		const context: StepContext = {queryInterface: sequelize.getQueryInterface(), sequelize, transaction, dialect};
		await step.up({context});
	}
}

async function inMemory(files: readonly StepFile[]): Promise<SchemaSnapshot> {
	const sequelize = new Sequelize({dialect: 'sqlite', storage: ':memory:', logging: false});
	try {
		return await sequelize.transaction(async transaction => {
			await runSteps(sequelize, 'sqlite', files, transaction);
			return introspectSchema({sequelize, dialect: 'sqlite', transaction});
		});
	} finally {
		await sequelize.close();
	}
}

async function inScratchSchema(database: Database, files: readonly StepFile[], transaction: Transaction): Promise<SchemaSnapshot> {
	const {sequelize} = database;
	const query = async (sql: string) => sequelize.query(sql, {transaction});
	const [setting] = await sequelize.query<{path: string}>("SELECT current_setting('search_path') AS path", {type: QueryTypes.SELECT, transaction});
	const path = setting?.path ?? '"$user", public';
	const scratch = `microblog_stamp_${randomBytes(6).toString('hex')}`;
	await query('SAVEPOINT microblog_stamp_check');
	try {
		await query(`CREATE SCHEMA "${scratch}"`);
		// Unqualified names (every migration uses them) now mean the scratch schema, and only it.
		await query(`SET LOCAL search_path TO "${scratch}"`);
		await runSteps(sequelize, 'postgres', files, transaction);
		return await introspectSchema({sequelize, dialect: 'postgres', transaction});
	} finally {
		await query('ROLLBACK TO SAVEPOINT microblog_stamp_check');
		await sequelize.query('SELECT set_config(\'search_path\', :path, true)', {replacements: {path}, transaction});
	}
}
