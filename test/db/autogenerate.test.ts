import assert from 'node:assert/strict';
import {cpSync, existsSync, readFileSync, readdirSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {QueryTypes} from 'sequelize';
import {resolveDatabase} from '../../source/config.js';
import {DataTypes} from 'sequelize';
import {migrationSource, planFromDatabase, planMigration} from '../../source/db/autogenerate.js';
import {downgrade, migrationFiles, planDowngrade, upgrade} from '../../source/db/migrator.js';
import {compareSchema} from '../../source/db/schema-check.js';
import {tableNames} from '../../source/db/step-records.js';
import {migratedDatabase, select} from '../helpers/database.js';
import {openDatabase} from '../../source/db/connection.js';
import type {ColumnSchema, SchemaSnapshot, TableSchema} from '../../source/db/schema-introspect.js';
import {cliEnv, projectRoot, runProcess} from '../helpers/cli.js';
import type {CliResult} from '../helpers/cli.js';
import {newDatabaseLocation, testEngine} from '../helpers/engine.js';
import {tempDir} from '../helpers/temp-dir.js';

/** A copy of the project whose models and migrations the test may change; node_modules is shared. */
function projectCopy(): string {
	const copy = tempDir('microblog-autogenerate-test-');
	for (const entry of ['source', 'migrations', 'seeders', 'scripts', 'package.json', 'tsconfig.json']) {
		cpSync(path.join(projectRoot, entry), path.join(copy, entry), {recursive: true});
	}
	symlinkSync(path.join(projectRoot, 'node_modules'), path.join(copy, 'node_modules'));
	return copy;
}

/** Runs a TypeScript entry point of the copy through tsx, as `npm run` there would. */
async function runIn(copy: string, script: string, args: readonly string[]): Promise<CliResult> {
	return runProcess(process.execPath, ['--import', 'tsx', script, ...args], {cwd: copy, env: cliEnv()});
}

const cli = async (copy: string, args: readonly string[]) => runIn(copy, 'source/cli.tsx', args);
const generator = async (copy: string, args: readonly string[]) => runIn(copy, 'scripts/migration-new.ts', args);

function ok(result: CliResult, what: string): CliResult {
	assert.equal(result.code, 0, `${what}: ${result.stdout}${result.stderr}`);
	return result;
}

/** Adds a nullable `mood` column with its own index to the Post model of the copy. */
function addMoodToModel(copy: string): void {
	const file = path.join(copy, 'source/db/models/post.ts');
	const original = readFileSync(file, 'utf8');
	const edited = original
		.replace('declare timestamp: CreationOptional<Date>;', 'declare timestamp: CreationOptional<Date>;\n\tdeclare mood: CreationOptional<string | null>;')
		.replace(
			"timestamp: {type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW},",
			"timestamp: {type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW},\n\t\t\t\tmood: {type: DataTypes.STRING(16), allowNull: true},",
		)
		.replace("{name: 'ix_post_timestamp', fields: ['timestamp']},", "{name: 'ix_post_timestamp', fields: ['timestamp']},\n\t\t\t\t\t{name: 'ix_post_mood', fields: ['mood']},");
	assert.notEqual(edited, original);
	assert.equal(edited.split('mood').length - 1, 4, 'every edit applied');
	writeFileSync(file, edited);
}

async function postCount(location: string): Promise<number> {
	const database = await openDatabase(resolveDatabase(location), {mode: 'existing'});
	try {
		const [row] = await database.sequelize.query<{count: number | string}>('SELECT count(*) AS count FROM post', {type: QueryTypes.SELECT});
		return Number(row?.count);
	} finally {
		await database.close();
	}
}

describe(`autogenerate (npm run migration:new -- --autogenerate), applied on ${testEngine}`, () => {
	it('a column added to a model becomes a migration that --check accepts, and its down restores the earlier state', async () => {
		const copy = projectCopy();
		const migrations = path.join(copy, 'migrations');
		const before = readdirSync(migrations).sort();

		// Models and migrations agree: nothing to generate, and no file written.
		const unchanged = await generator(copy, ['--name', 'nothing', '--autogenerate']);
		assert.equal(unchanged.code, 1);
		assert.match(unchanged.stderr, /nothing to generate/);
		assert.deepEqual(readdirSync(migrations).sort(), before);

		const location = await newDatabaseLocation();
		ok(await cli(copy, ['--migrate', '-d', location]), '--migrate');
		ok(await cli(copy, ['--seed', '-d', location]), '--seed');
		const posts = await postCount(location);
		assert.ok(posts > 0);

		addMoodToModel(copy);
		const drifted = await cli(copy, ['--check', '-d', location]);
		assert.equal(drifted.code, 1);
		assert.match(drifted.stdout + drifted.stderr, /column post\.mood is missing/);

		const generated = ok(await generator(copy, ['--name', 'add-post-mood', '--autogenerate']), 'generator');
		assert.match(generated.stdout, /wrote migrations\/0008-add-post-mood\.ts/);
		assert.match(generated.stdout, /\+ column post\.mood/);
		assert.match(generated.stdout, /\+ index ix_post_mood on post/);
		assert.match(generated.stderr, /cannot detect renames/);
		const source = readFileSync(path.join(migrations, '0008-add-post-mood.ts'), 'utf8');
		assert.match(source, /queryInterface\.addColumn\('post', 'mood', \{type: DataTypes\.STRING\(16\), allowNull: true\}, \{transaction\}\)/);
		// The down must not use Sequelize's SQLite removeColumn, which rebuilds the table.
		assert.doesNotMatch(source, /removeColumn/);

		const offline = ok(await cli(copy, ['--migrate', '--sql', '--from', '0006-user-case-unique', '-d', location]), '--migrate --sql');
		assert.match(offline.stdout, /ALTER TABLE .*post.* ADD (?:COLUMN )?.mood. VARCHAR\(16\)/);

		const applied = ok(await cli(copy, ['--migrate', '-d', location]), '--migrate the generated migration');
		assert.match(applied.stdout, /applied {2}0008-add-post-mood/);
		const check = await cli(copy, ['--check', '-d', location]);
		assert.equal(check.code, 0, check.stdout + check.stderr);

		ok(await cli(copy, ['--downgrade', '-d', location]), '--downgrade');
		const reverted = await cli(copy, ['--check', '-d', location]);
		assert.equal(reverted.code, 1);
		assert.deepEqual(
			reverted.stdout.trim().split('\n'),
			['pending migration: 0008-add-post-mood', 'column post.mood is missing', 'index ix_post_mood on post is missing'],
		);
		assert.equal(await postCount(location), posts, 'the down keeps every post');
		assert.ok(existsSync(path.join(migrations, '0008-add-post-mood.ts')));
	});
});

describe(`autogenerate of a new table with a foreign key, in process on ${testEngine}`, () => {
	it('creates the table after what it references, with its index; --check passes; the down drops it', async () => {
		const {database} = await migratedDatabase();
		database.sequelize.define(
			'Tag',
			{
				id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false},
				label: {type: DataTypes.STRING(32), allowNull: false},
				weight: {type: DataTypes.INTEGER, allowNull: false, defaultValue: 1},
				user_id: {type: DataTypes.INTEGER, allowNull: false, references: {model: 'user', key: 'id'}, onDelete: 'NO ACTION', onUpdate: 'NO ACTION'},
			},
			{tableName: 'tag', timestamps: false, indexes: [{name: 'ix_tag_label', unique: true, fields: ['label']}]},
		);
		assert.deepEqual(await compareSchema(database), ['table tag is missing']);
		const plan = await planFromDatabase(database);
		assert.deepEqual(plan.changes, ['+ table tag']);
		assert.deepEqual(plan.warnings, []);

		// Beside a node_modules link, so the generated file's `import 'sequelize'` resolves as it would in migrations/.
		const directory = tempDir();
		symlinkSync(path.join(projectRoot, 'node_modules'), path.join(directory, 'node_modules'));
		const file = path.join(directory, '0007-add-tag.ts');
		const text = migrationSource('0007-add-tag', 'test', plan);
		assert.match(text, /export const tables = \['tag'\];/);
		writeFileSync(file, text);
		const source = {files: [...migrationFiles(), {name: '0007-add-tag', path: file}]};

		const result = await upgrade(database, undefined, source);
		assert.deepEqual(result.ran, ['0007-add-tag']);
		assert.deepEqual(await compareSchema(database), []);
		// The plain default and the reference hold.
		await database.sequelize.query("INSERT INTO \"user\" (username, email) VALUES ('ann', 'ann@example.com')");
		await database.sequelize.query("INSERT INTO tag (label, user_id) VALUES ('x', (SELECT id FROM \"user\" WHERE username = 'ann'))");
		assert.deepEqual(await select(database, 'SELECT label, weight FROM tag'), [{label: 'x', weight: 1}]);
		await assert.rejects(database.sequelize.query('INSERT INTO tag (label, user_id) VALUES (\'y\', 999)'), /foreign key/i);

		const downgradePlan = await planDowngrade(database, '0006-user-case-unique', source);
		assert.deepEqual(downgradePlan.drops, [{table: 'tag', rows: 1}]);
		await downgrade(database, downgradePlan, source);
		assert.equal((await tableNames(database)).includes('tag'), false);
		assert.deepEqual(await compareSchema(database), ['table tag is missing']);
	});
});

function table(columns: Array<Partial<ColumnSchema> & {name: string}>, extra: Partial<TableSchema> = {}): TableSchema {
	return {
		columns: new Map(columns.map(column => [column.name, {type: 'INTEGER', allowNull: true, primaryKey: false, ...column}])),
		indexes: extra.indexes ?? new Map(),
		foreignKeys: extra.foreignKeys ?? [],
	};
}

describe('autogenerate plan (no database)', () => {
	it('warns about renames, keeps removals off Sequelize\'s SQLite table rebuild, and does not generate type changes', () => {
		const live: SchemaSnapshot = {tables: new Map([['post', table([{name: 'id', primaryKey: true, allowNull: false}, {name: 'old_name', type: 'VARCHAR(10)'}, {name: 'body', type: 'VARCHAR(140)'}])]])};
		const models: SchemaSnapshot = {tables: new Map([['post', table([{name: 'id', primaryKey: true, allowNull: false}, {name: 'new_name', type: 'VARCHAR(10)'}, {name: 'body', type: 'VARCHAR(200)'}])]])};
		const plan = planMigration(models, live, new Map());
		assert.deepEqual(plan.changes, ['+ column post.new_name', '- column post.old_name']);
		assert.ok(plan.warnings.some(warning => /old_name dropped and new_name added: if that is a rename/.test(warning)), plan.warnings.join('\n'));
		assert.ok(plan.warnings.some(warning => /column post\.body changed \(VARCHAR\(140\) -> VARCHAR\(200\)\) but is not generated/.test(warning)));
		assert.ok(plan.up.includes(`await sequelize.query('ALTER TABLE "post" DROP COLUMN "old_name"', {transaction});`), plan.up.join('\n'));
		assert.ok(plan.down.some(line => line.startsWith("await queryInterface.addColumn('post', 'old_name', {type: 'VARCHAR(10)'")));
		assert.equal(plan.up.some(line => /removeColumn|changeColumn/.test(line)), false);
	});
});
