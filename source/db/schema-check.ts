import type {DataType, Model, ModelAttributeColumnOptions, ModelStatic, Sequelize, TableName} from 'sequelize';
import type {Database} from './connection.js';
import {expressionKey, introspectSchema, normalizeAction, normalizeType} from './schema-introspect.js';
import type {ColumnSchema, ForeignKeySchema, IndexSchema, SchemaSnapshot, TableSchema} from './schema-introspect.js';

/** One human-readable line, e.g. "index ix_post_timestamp_id on post is missing". */
export type SchemaDifference = string;

/**
 * A difference with its kind. `adoptable`: the looser form the Flask Mega-Tutorial's schema has where ours is
 * tighter (a nullable column, a wider VARCHAR, PostgreSQL's naive `timestamp`), which every program reading the
 * database copes with: `--stamp` accepts it, and `--check` lists it as a known difference of an adopted schema.
 */
export type ClassifiedDifference = {readonly text: SchemaDifference; readonly adoptable: boolean};

export type DiffOptions = {
	/** Report what `actual` has beyond `expected` (the default); `--stamp` checks only what the migrations create. */
	readonly extras?: boolean;
	readonly ignoredTables?: ReadonlySet<string>;
};

const varchar = /^VARCHAR\((\d+)\)$/;

/** A live column type that holds every value of the expected one, and that the readers cope with. */
function isLooserType(live: string, expected: string): boolean {
	const liveLength = varchar.exec(live)?.[1];
	const expectedLength = varchar.exec(expected)?.[1];
	if (liveLength !== undefined && expectedLength !== undefined) {
		return Number(liveLength) >= Number(expectedLength);
	}
	// SQLAlchemy's DateTime on PostgreSQL: naive times, which the tutorial writes in UTC (datetime.utcnow).
	return live === 'TIMESTAMP WITHOUT TIME ZONE' && expected === 'TIMESTAMP WITH TIME ZONE';
}

/** Bookkeeping tables of the migrator and seeder: present in the database, absent from the models. */
/**
 * Record tables, not schema: ours, and Alembic's, which `flask db migrate` creates (empty) on a database it shares
 * with us; neither `--check` nor autogenerate should report or drop it.
 */
export const bookkeepingTables: ReadonlySet<string> = new Set(['SequelizeMeta', 'SequelizeData', 'alembic_version']);

type ModelReference = TableName | ModelStatic<Model> | (new () => Model);

function tableNameOf(target: ModelReference): string {
	if (typeof target === 'string') {
		return target;
	}
	if (typeof target === 'function') {
		return 'getTableName' in target ? tableNameOf(target.getTableName()) : target.name;
	}
	return target.tableName;
}

function typeSql(type: DataType): string {
	if (typeof type === 'string') {
		return type;
	}
	// Model.init replaces constructors with dialect-specific instances (DATE becomes DATETIME on SQLite); this covers a bare one anyway.
	return (typeof type === 'function' ? new type() : type).toSql();
}

function isVirtual(type: DataType): boolean {
	return typeof type !== 'string' && type.key === 'VIRTUAL';
}

function modelTable(model: ModelStatic<Model>): TableSchema {
	const attributes: Array<[string, ModelAttributeColumnOptions]> = Object.entries(model.getAttributes());
	const columnOf = (attribute: string) => model.getAttributes()[attribute]?.field ?? attribute;
	const columns = new Map<string, ColumnSchema>();
	const foreignKeys: ForeignKeySchema[] = [];
	for (const [attribute, options] of attributes) {
		if (isVirtual(options.type)) {
			continue;
		}
		const name = options.field ?? attribute;
		const primaryKey = options.primaryKey === true;
		// Every engine makes primary key columns NOT NULL whatever allowNull says.
		columns.set(name, {name, type: normalizeType(typeSql(options.type)), allowNull: options.allowNull !== false && !primaryKey, primaryKey});
		if (options.references) {
			const references = typeof options.references === 'string' ? {model: options.references} : options.references;
			foreignKeys.push({
				columns: [name],
				referencedTable: references.model === undefined ? '?' : tableNameOf(references.model),
				// Sequelize writes REFERENCES t ("id") when no key is given.
				referencedColumns: [references.key ?? 'id'],
				onDelete: normalizeAction(options.onDelete),
				onUpdate: normalizeAction(options.onUpdate),
			});
		}
	}
	const indexes = new Map<string, IndexSchema>();
	for (const index of model.options.indexes ?? []) {
		const indexColumns = (index.fields ?? []).map(field =>
			typeof field === 'string' ? columnOf(field) : 'name' in field ? columnOf(field.name) : expressionKey,
		);
		// Model.init names unnamed indexes like this, so the fallback only serves the type checker.
		const name = index.name ?? `${tableNameOf(model.getTableName())}_${indexColumns.join('_')}`;
		indexes.set(name, {name, unique: index.unique === true || index.type === 'UNIQUE', columns: indexColumns});
	}
	return {columns, indexes, foreignKeys};
}

/** The schema the models describe, in the dialect the models are bound to. */
export function modelSchema(sequelize: Sequelize): SchemaSnapshot {
	const tables = new Map<string, TableSchema>();
	for (const model of Object.values(sequelize.models)) {
		tables.set(tableNameOf(model.getTableName()), modelTable(model));
	}
	return {tables};
}

const list = (names: readonly string[]) => `(${names.join(', ')})`;
const nullability = (column: ColumnSchema) => (column.allowNull ? 'nullable' : 'NOT NULL');
const inKey = (column: ColumnSchema) => (column.primaryKey ? 'in the primary key' : 'outside the primary key');
const uniqueness = (index: IndexSchema) => (index.unique ? 'unique' : 'not unique');
const target = (key: ForeignKeySchema) => `${key.referencedTable}${list(key.referencedColumns)}`;

const other = (text: string): ClassifiedDifference => ({text, adoptable: false});

function diffColumns(table: string, expected: TableSchema, actual: TableSchema, extras: boolean): ClassifiedDifference[] {
	const differences: ClassifiedDifference[] = [];
	for (const column of expected.columns.values()) {
		const live = actual.columns.get(column.name);
		const label = `column ${table}.${column.name}`;
		if (!live) {
			differences.push(other(`${label} is missing`));
			continue;
		}
		if (live.type !== column.type) {
			differences.push({text: `${label} has type ${live.type}, expected ${column.type}`, adoptable: isLooserType(live.type, column.type)});
		}
		if (live.allowNull !== column.allowNull) {
			differences.push({text: `${label} is ${nullability(live)}, expected ${nullability(column)}`, adoptable: live.allowNull});
		}
		if (live.primaryKey !== column.primaryKey) {
			differences.push(other(`${label} is ${inKey(live)}, expected ${inKey(column)}`));
		}
	}
	for (const live of extras ? actual.columns.values() : []) {
		if (!expected.columns.has(live.name)) {
			differences.push(other(`unexpected column ${table}.${live.name}`));
		}
	}
	return differences;
}

function diffIndexes(table: string, expected: TableSchema, actual: TableSchema, extras: boolean): ClassifiedDifference[] {
	const differences: ClassifiedDifference[] = [];
	for (const index of expected.indexes.values()) {
		const live = actual.indexes.get(index.name);
		const label = `index ${index.name} on ${table}`;
		if (!live) {
			differences.push(other(`${label} is missing`));
			continue;
		}
		if (live.unique !== index.unique) {
			differences.push(other(`${label} is ${uniqueness(live)}, expected ${uniqueness(index)}`));
		}
		if (list(live.columns) !== list(index.columns)) {
			differences.push(other(`${label} has columns ${list(live.columns)}, expected ${list(index.columns)}`));
		}
	}
	for (const live of extras ? actual.indexes.values() : []) {
		if (!expected.indexes.has(live.name)) {
			differences.push(other(`unexpected index ${live.name} on ${table}`));
		}
	}
	return differences;
}

/** Triggers are compared only when `expected` was read from a database (the models name none). */
function diffTriggers(table: string, expected: TableSchema, actual: TableSchema, extras: boolean): ClassifiedDifference[] {
	if (!expected.triggers) {
		return [];
	}
	const live = actual.triggers ?? new Set<string>();
	return [
		...[...expected.triggers].filter(name => !live.has(name)).map(name => other(`trigger ${name} on ${table} is missing`)),
		...(extras ? [...live].filter(name => !expected.triggers?.has(name)).map(name => other(`unexpected trigger ${name} on ${table}`)) : []),
	];
}

/** Foreign keys have no portable name (SQLite has none), so they are matched by their columns. */
function diffForeignKeys(table: string, expected: TableSchema, actual: TableSchema, extras: boolean): ClassifiedDifference[] {
	const differences: ClassifiedDifference[] = [];
	const unmatched = [...actual.foreignKeys];
	for (const key of expected.foreignKeys) {
		const candidates = unmatched.filter(live => list(live.columns) === list(key.columns));
		const live = candidates.find(candidate => target(candidate) === target(key)) ?? candidates[0];
		const label = `foreign key ${table}${list(key.columns)}`;
		if (!live) {
			differences.push(other(`${label} -> ${target(key)} is missing`));
			continue;
		}
		unmatched.splice(unmatched.indexOf(live), 1);
		if (target(live) !== target(key)) {
			differences.push(other(`${label} references ${target(live)}, expected ${target(key)}`));
		}
		if (live.onDelete !== key.onDelete) {
			differences.push(other(`${label} has ON DELETE ${live.onDelete}, expected ${key.onDelete}`));
		}
		if (live.onUpdate !== key.onUpdate) {
			differences.push(other(`${label} has ON UPDATE ${live.onUpdate}, expected ${key.onUpdate}`));
		}
	}
	for (const live of extras ? unmatched : []) {
		differences.push(other(`unexpected foreign key ${table}${list(live.columns)} -> ${target(live)}`));
	}
	return differences;
}

/** What `actual` lacks, has otherwise or (unless `extras` is false) has in excess compared with `expected`. */
export function classifyDifferences(expected: SchemaSnapshot, actual: SchemaSnapshot, options: DiffOptions = {}): ClassifiedDifference[] {
	const extras = options.extras ?? true;
	const ignoredTables = options.ignoredTables ?? bookkeepingTables;
	const differences: ClassifiedDifference[] = [];
	for (const [name, table] of expected.tables) {
		const live = actual.tables.get(name);
		if (live) {
			differences.push(
				...diffColumns(name, table, live, extras),
				...diffIndexes(name, table, live, extras),
				...diffForeignKeys(name, table, live, extras),
				...diffTriggers(name, table, live, extras),
			);
		} else {
			differences.push(other(`table ${name} is missing`));
		}
	}
	for (const name of extras ? actual.tables.keys() : []) {
		if (!expected.tables.has(name) && !ignoredTables.has(name)) {
			differences.push(other(`unexpected table ${name}`));
		}
	}
	return differences;
}

/** What `actual` lacks or has in excess compared with `expected`, one line each. */
export function diffSchemas(
	expected: SchemaSnapshot,
	actual: SchemaSnapshot,
	ignoredTables: ReadonlySet<string> = bookkeepingTables,
): SchemaDifference[] {
	return classifyDifferences(expected, actual, {ignoredTables}).map(difference => difference.text);
}

/** Compares the live schema with the models bound to this database; [] when they agree. */
export async function compareSchema(database: Database): Promise<SchemaDifference[]> {
	return (await classifySchema(database)).map(difference => difference.text);
}

/** compareSchema, each difference with its kind (adoptable or not). */
export async function classifySchema(database: Database): Promise<ClassifiedDifference[]> {
	return classifyDifferences(modelSchema(database.sequelize), await introspectSchema(database));
}
