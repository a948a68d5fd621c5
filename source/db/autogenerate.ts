import {mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {ModelAttributeColumnOptions, Sequelize} from 'sequelize';
import {UserError} from '../errors.js';
import {openDatabase} from './connection.js';
import type {Database} from './connection.js';
import {addColumnCode, addIndexCode, dropColumnCode, list, liveColumnCode, modelColumnCode, quote, removeIndexCode} from './migration-code.js';
import {upgrade} from './migrator.js';
import {projectRoot} from './project-paths.js';
import {bookkeepingTables, modelSchema} from './schema-check.js';
import {introspectSchema} from './schema-introspect.js';
import type {ForeignKeySchema, IndexSchema, SchemaSnapshot, TableSchema} from './schema-introspect.js';

/*
 * `npm run migration:new -- --name NAME [--autogenerate]`: like Alembic's
 * `revision --autogenerate`, the models are compared with a database
 * migrated to head (a temporary SQLite file) and the differences become
 * queryInterface calls. What cannot be generated safely is reported, never
 * guessed.
 */

/** Model attributes by column name, for each model's table: the source of full column definitions. */
type ModelColumns = Map<string, Map<string, ModelAttributeColumnOptions>>;

export type MigrationPlan = {
	readonly up: string[];
	readonly down: string[];
	/** Tables the migration creates (its `tables` export: a downgrade warns before dropping their rows). */
	readonly createdTables: string[];
	/** What was generated, one line each, e.g. "+ column post.mood". */
	readonly changes: string[];
	/** What was detected but not generated, or needs a human look. */
	readonly warnings: string[];
	/** Whether the generated code uses DataTypes (so the file imports it). */
	readonly usesDataTypes: boolean;
};

/** Printed with every autogenerate run, as Alembic documents its own blind spots. */
export const undetectable =
	'autogenerate cannot detect renames of tables or columns (they show as a drop plus an add, which loses data), changes of column defaults, or CHECK constraints';

const sameIndex = (a: IndexSchema, b: IndexSchema) => a.unique === b.unique && a.columns.join('\0') === b.columns.join('\0');
const keyLabel = (table: string, key: ForeignKeySchema) =>
	`${table}(${key.columns.join(', ')}) -> ${key.referencedTable}(${key.referencedColumns.join(', ')})`;

/** New tables that reference other new tables come after them. */
function creationOrder(names: readonly string[], expected: SchemaSnapshot): string[] {
	const pending = new Set(names);
	const ordered: string[] = [];
	while (pending.size > 0) {
		const ready = [...pending].find(name =>
			(expected.tables.get(name)?.foreignKeys ?? []).every(key => key.referencedTable === name || !pending.has(key.referencedTable)),
		);
		// A reference cycle: keep the given order and let the engine report it.
		const next = ready ?? [...pending][0]!;
		pending.delete(next);
		ordered.push(next);
	}
	return ordered;
}

/** Turns the difference between the models (`expected`) and the database at head (`actual`) into up and down code. */
export function planMigration(expected: SchemaSnapshot, actual: SchemaSnapshot, models: ModelColumns): MigrationPlan {
	const changes: string[] = [];
	const warnings: string[] = [];
	let usesDataTypes = false;
	const removeIndexes: string[] = [];
	const createTables: string[] = [];
	const addColumns: string[] = [];
	const addIndexes: string[] = [];
	const dropColumns: string[] = [];
	const dropTables: string[] = [];
	// The down steps, in the order they run.
	const downReAddColumns: string[] = [];
	const downRemoveIndexes: string[] = [];
	const downDropColumns: string[] = [];
	const downDropTables: string[] = [];
	const downReAddIndexes: string[] = [];
	const downCreateTables: string[] = [];

	const columnCode = (table: string, column: string): string => {
		const options = models.get(table)?.get(column);
		if (!options) {
			return '{}';
		}
		const generated = modelColumnCode(table, column, options, warnings);
		usesDataTypes ||= generated.usesDataTypes;
		return generated.code;
	};

	const addedTables = [...expected.tables.keys()].filter(name => !actual.tables.has(name));
	const removedTables = [...actual.tables.keys()].filter(name => !expected.tables.has(name) && !bookkeepingTables.has(name));
	if (addedTables.length > 0 && removedTables.length > 0) {
		warnings.push(
			`tables ${removedTables.join(', ')} dropped and ${addedTables.join(', ')} created: if that is a rename, replace both with queryInterface.renameTable (the drop loses the rows)`,
		);
	}

	for (const name of creationOrder(addedTables, expected)) {
		const table = expected.tables.get(name)!;
		const columns = [...table.columns.keys()].map(column => `\t\t\t${column}: ${columnCode(name, column)},`);
		createTables.push(`await queryInterface.createTable(\n\t\t${quote(name)},\n\t\t{\n${columns.join('\n')}\n\t\t},\n\t\t{transaction},\n\t);`);
		for (const index of table.indexes.values()) {
			createTables.push(addIndexCode(name, index));
		}
		downDropTables.unshift(`await queryInterface.dropTable(${quote(name)}, {transaction});`);
		changes.push(`+ table ${name}`);
	}

	for (const name of removedTables) {
		const table = actual.tables.get(name)!;
		dropTables.unshift(`await queryInterface.dropTable(${quote(name)}, {transaction});`);
		const columns = [...table.columns.values()].map(column => {
			const key = table.foreignKeys.find(candidate => candidate.columns.length === 1 && candidate.columns[0] === column.name);
			return `\t\t\t${column.name}: ${liveColumnCode(column, key)},`;
		});
		downCreateTables.push(`await queryInterface.createTable(\n\t\t${quote(name)},\n\t\t{\n${columns.join('\n')}\n\t\t},\n\t\t{transaction},\n\t);`);
		for (const index of table.indexes.values()) {
			downCreateTables.push(addIndexCode(name, index));
		}
		changes.push(`- table ${name}`);
		warnings.push(`table ${name} is dropped with its rows; its down re-creates it empty, with the types as the database spells them`);
	}

	for (const [name, model] of expected.tables) {
		const live = actual.tables.get(name);
		if (!live) {
			continue;
		}
		planTableChanges(name, model, live);
	}

	function planTableChanges(name: string, model: TableSchema, live: TableSchema): void {
		const added = [...model.columns.values()].filter(column => !live.columns.has(column.name));
		const removed = [...live.columns.values()].filter(column => !model.columns.has(column.name));
		if (added.length > 0 && removed.length > 0) {
			warnings.push(
				`${name}: column ${removed.map(column => column.name).join(', ')} dropped and ${added.map(column => column.name).join(', ')} added: if that is a rename, replace both with ALTER TABLE ... RENAME COLUMN (not queryInterface.renameColumn, which rebuilds the table on SQLite)`,
			);
		}
		for (const column of added) {
			addColumns.push(addColumnCode(name, column.name, columnCode(name, column.name)));
			downDropColumns.unshift(dropColumnCode(name, column.name));
			changes.push(`+ column ${name}.${column.name}`);
			const fallbackValue = models.get(name)?.get(column.name)?.defaultValue;
			if (!column.allowNull && !['string', 'number', 'boolean'].includes(typeof fallbackValue)) {
				warnings.push(`column ${name}.${column.name} is NOT NULL without a plain default: adding it fails on a table with rows (and always on SQLite); give it a default or fill it in steps`);
			}
		}
		for (const column of removed) {
			const key = live.foreignKeys.find(candidate => candidate.columns.includes(column.name));
			dropColumns.push(dropColumnCode(name, column.name));
			downReAddColumns.unshift(addColumnCode(name, column.name, liveColumnCode(column, key)));
			changes.push(`- column ${name}.${column.name}`);
			warnings.push(`column ${name}.${column.name} is dropped with its values; its down re-adds it empty (type as the database spells it)`);
			if (key) {
				warnings.push(`column ${name}.${column.name} carries foreign key ${keyLabel(name, key)}: SQLite refuses to drop it in place; write that step by hand`);
			}
		}
		for (const column of model.columns.values()) {
			const current = live.columns.get(column.name);
			if (current && (current.type !== column.type || current.allowNull !== column.allowNull || current.primaryKey !== column.primaryKey)) {
				warnings.push(
					`column ${name}.${column.name} changed (${current.type}${current.allowNull ? '' : ' NOT NULL'} -> ${column.type}${column.allowNull ? '' : ' NOT NULL'}) but is not generated: Sequelize's changeColumn rebuilds the table on SQLite, deleting rows that reference it; write this step by hand`,
				);
			}
		}
		for (const index of model.indexes.values()) {
			const current = live.indexes.get(index.name);
			if (current && sameIndex(current, index)) {
				continue;
			}
			if (current) {
				removeIndexes.push(removeIndexCode(name, current));
				downReAddIndexes.unshift(addIndexCode(name, current));
				changes.push(`~ index ${index.name} on ${name}`);
			} else {
				changes.push(`+ index ${index.name} on ${name}`);
			}
			addIndexes.push(addIndexCode(name, index));
			downRemoveIndexes.unshift(removeIndexCode(name, index));
		}
		for (const index of live.indexes.values()) {
			if (!model.indexes.has(index.name)) {
				removeIndexes.push(removeIndexCode(name, index));
				downReAddIndexes.unshift(addIndexCode(name, index));
				changes.push(`- index ${index.name} on ${name}`);
			}
		}
		const keyOf = (key: ForeignKeySchema) => `${key.columns.join(',')}>${key.referencedTable}(${key.referencedColumns.join(',')})`;
		const addedColumns = new Set(added.map(column => column.name));
		for (const key of model.foreignKeys) {
			if (!live.foreignKeys.some(current => keyOf(current) === keyOf(key)) && !key.columns.every(column => addedColumns.has(column))) {
				warnings.push(`foreign key ${keyLabel(name, key)} is new on an existing column and is not generated: SQLite cannot add it without rebuilding the table`);
			}
		}
		const removedColumns = new Set(removed.map(column => column.name));
		for (const key of live.foreignKeys) {
			if (!model.foreignKeys.some(current => keyOf(current) === keyOf(key)) && !key.columns.every(column => removedColumns.has(column))) {
				warnings.push(`foreign key ${keyLabel(name, key)} is gone from the models but is not generated: SQLite cannot drop it without rebuilding the table`);
			}
		}
	}

	return {
		up: [...removeIndexes, ...createTables, ...addColumns, ...addIndexes, ...dropColumns, ...dropTables],
		down: [...downCreateTables, ...downReAddColumns, ...downRemoveIndexes, ...downDropColumns, ...downDropTables, ...downReAddIndexes],
		createdTables: addedTables,
		changes,
		warnings,
		usesDataTypes,
	};
}

function modelColumns(sequelize: Sequelize): ModelColumns {
	const tables: ModelColumns = new Map();
	for (const model of Object.values(sequelize.models)) {
		const table = model.getTableName();
		const columns = new Map<string, ModelAttributeColumnOptions>();
		for (const [attribute, options] of Object.entries(model.getAttributes())) {
			columns.set(options.field ?? attribute, options);
		}
		tables.set(typeof table === 'string' ? table : table.tableName, columns);
	}
	return tables;
}

/** What the models bound to this database add to (or take from) its live schema. */
export async function planFromDatabase(database: Database): Promise<MigrationPlan> {
	return planMigration(modelSchema(database.sequelize), await introspectSchema(database), modelColumns(database.sequelize));
}

/** Migrates a temporary SQLite database to head and plans what the models add to it. */
export async function autogenerate(): Promise<MigrationPlan> {
	const directory = mkdtempSync(path.join(tmpdir(), 'microblog-autogenerate-'));
	try {
		const database = await openDatabase({dialect: 'sqlite', storage: path.join(directory, 'head.db'), isDefault: false, display: 'head.db'}, {mode: 'create'});
		try {
			await upgrade(database, undefined);
			return await planFromDatabase(database);
		} finally {
			await database.close();
		}
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
}

const namePattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The next file name: one more than the highest number in the folder, four digits. */
export function nextMigrationFile(directory: string, name: string): {name: string; path: string} {
	if (!namePattern.test(name)) {
		throw new UserError(`--name takes lower-case words joined by dashes, like add-post-mood, not '${name}'`);
	}
	const numbers = readdirSync(directory)
		.map(file => /^(\d+)-/.exec(file)?.[1])
		.filter((digits): digits is string => digits !== undefined)
		.map(Number);
	const full = `${String(Math.max(0, ...numbers) + 1).padStart(4, '0')}-${name}`;
	return {name: full, path: path.join(directory, `${full}.ts`)};
}

function stepBody(lines: readonly string[], example: string): {params: string; body: string} {
	if (lines.length === 0) {
		return {
			params: 'queryInterface, transaction',
			body: `\t// Pass {transaction} to every call, so the step and its SequelizeMeta row commit together, e.g.\n\t// ${example}\n\tvoid queryInterface;\n\tvoid transaction;`,
		};
	}
	const text = lines.join('\n');
	const used = ['queryInterface', 'sequelize'].filter(name => text.includes(`${name}.`));
	return {params: [...used, 'transaction'].join(', '), body: lines.map(line => `\t${line}`).join('\n')};
}

/** The migration file's text, in the style of migrations/0001..0003. */
export function migrationSource(fileName: string, command: string, plan: MigrationPlan | undefined): string {
	const up = stepBody(plan?.up ?? [], "await queryInterface.addColumn('post', 'mood', {type: DataTypes.STRING(16), allowNull: true}, {transaction});");
	const down = stepBody(plan?.down ?? [], "await queryInterface.removeIndex('post', 'ix_post_mood', {transaction});");
	const header = [
		plan?.usesDataTypes ? "import {DataTypes} from 'sequelize';" : undefined,
		"import type {StepFn} from '../source/db/migration-context.js';",
		'',
		`// ${fileName}: written by \`${command}\`; review it before applying.`,
		...(plan?.warnings ?? []).map(warning => `// NOTE: ${warning}`),
		...(plan && plan.createdTables.length > 0 ? ['', `export const tables = ${list(plan.createdTables)};`] : []),
	].filter(line => line !== undefined);
	return `${header.join('\n')}

export const up: StepFn = async ({context: {${up.params}}}) => {
${up.body}
};

export const down: StepFn = async ({context: {${down.params}}}) => {
${down.body}
};
`;
}

export type NewMigration = {file: string; plan: MigrationPlan | undefined};

/** Writes the next numbered migration into the project's migrations/ folder. */
export async function newMigration(name: string, options: {autogenerate: boolean; command: string}): Promise<NewMigration> {
	const directory = path.join(projectRoot(), 'migrations');
	const target = nextMigrationFile(directory, name);
	let plan: MigrationPlan | undefined;
	if (options.autogenerate) {
		plan = await autogenerate();
		if (plan.up.length === 0) {
			const detail = plan.warnings.length > 0 ? `; not generated: ${plan.warnings.join('; ')}` : '';
			throw new UserError(`the models match the migrations: nothing to generate (omit --autogenerate for an empty migration)${detail}`);
		}
	}
	writeFileSync(target.path, migrationSource(target.name, options.command, plan), {flag: 'wx'});
	return {file: target.path, plan};
}
