import type {DataType, ModelAttributeColumnOptions} from 'sequelize';
import type {ColumnSchema, ForeignKeySchema, IndexSchema} from './schema-introspect.js';

/*
 * The pieces of TypeScript a generated migration is written with (autogenerate.ts decides which): quoted
 * strings, column definitions from a model or from the live database, and the queryInterface calls.
 */

export const quote = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
export const list = (values: readonly string[]) => `[${values.map(quote).join(', ')}]`;
/** Double quotes name tables and columns on both engines. */
const identifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

function dataTypeCode(type: DataType): string | undefined {
	if (typeof type === 'string') {
		return quote(type);
	}
	const instance = typeof type === 'function' ? new type() : type;
	const options = (instance as {options?: {length?: number; precision?: number; scale?: number}}).options ?? {};
	switch (instance.key) {
		case 'STRING':
		case 'CHAR': {
			return options.length === undefined ? `DataTypes.${instance.key}` : `DataTypes.${instance.key}(${Number(options.length)})`;
		}
		case 'DECIMAL': {
			return options.precision === undefined
				? 'DataTypes.DECIMAL'
				: `DataTypes.DECIMAL(${Number(options.precision)}${options.scale === undefined ? '' : `, ${Number(options.scale)}`})`;
		}
		case 'INTEGER':
		case 'BIGINT':
		case 'SMALLINT':
		case 'TEXT':
		case 'BOOLEAN':
		case 'DATE':
		case 'DATEONLY':
		case 'TIME':
		case 'FLOAT':
		case 'DOUBLE':
		case 'REAL':
		case 'UUID':
		case 'JSON':
		case 'JSONB':
		case 'BLOB': {
			return `DataTypes.${instance.key}`;
		}
		default: {
			return undefined;
		}
	}
}

export type ColumnCode = {code: string; usesDataTypes: boolean};

/** A column definition from the model: type, nullability, key, plain default, reference. */
export function modelColumnCode(table: string, column: string, options: ModelAttributeColumnOptions, warnings: string[]): ColumnCode {
	const type = dataTypeCode(options.type);
	const parts: string[] = [];
	if (type === undefined) {
		const sql = (typeof options.type === 'function' ? new options.type() : options.type) as {toSql?: () => string};
		const fallback = typeof sql === 'object' && sql.toSql ? sql.toSql() : String(options.type);
		warnings.push(`column ${table}.${column}: type ${fallback} is written as SQL text, as SQLite spells it; check it on PostgreSQL`);
		parts.push(`type: ${quote(fallback)}`);
	} else {
		parts.push(`type: ${type}`);
	}
	if (options.primaryKey) {
		parts.push('primaryKey: true');
	}
	if (options.autoIncrement) {
		parts.push('autoIncrement: true');
	}
	parts.push(`allowNull: ${options.allowNull !== false && !options.primaryKey}`);
	const fallbackValue = options.defaultValue;
	if (['string', 'number', 'boolean'].includes(typeof fallbackValue)) {
		parts.push(`defaultValue: ${typeof fallbackValue === 'string' ? quote(fallbackValue) : String(fallbackValue)}`);
	} else if (fallbackValue !== undefined) {
		warnings.push(
			`column ${table}.${column}: its default (computed by the model or the engine) is not generated; add it by hand (see migrations/0002-create-post.ts for a per-engine default)`,
		);
	}
	if (options.references) {
		const references = typeof options.references === 'string' ? {model: options.references, key: undefined} : options.references;
		const model = typeof references.model === 'string' ? references.model : (references.model as {tableName?: string} | undefined)?.tableName;
		parts.push(`references: {model: ${quote(model ?? '?')}, key: ${quote(references.key ?? 'id')}}`);
		parts.push(`onDelete: ${quote(options.onDelete ?? 'NO ACTION')}`, `onUpdate: ${quote(options.onUpdate ?? 'NO ACTION')}`);
	}
	return {code: `{${parts.join(', ')}}`, usesDataTypes: type?.startsWith('DataTypes.') ?? false};
}

/** A column that exists only in the database (re-created by a `down`): its type as the database spells it. */
export function liveColumnCode(column: ColumnSchema, key: ForeignKeySchema | undefined): string {
	const parts = [`type: ${quote(column.type)}`];
	if (column.primaryKey) {
		parts.push('primaryKey: true');
	}
	parts.push(`allowNull: ${column.allowNull}`);
	if (key) {
		parts.push(
			`references: {model: ${quote(key.referencedTable)}, key: ${quote(key.referencedColumns[0] ?? 'id')}}`,
			`onDelete: ${quote(key.onDelete)}`,
			`onUpdate: ${quote(key.onUpdate)}`,
		);
	}
	return `{${parts.join(', ')}}`;
}

export const addIndexCode = (table: string, index: IndexSchema) =>
	`await queryInterface.addIndex(${quote(table)}, ${list(index.columns)}, {name: ${quote(index.name)}, ${index.unique ? 'unique: true, ' : ''}transaction});`;
export const removeIndexCode = (table: string, index: IndexSchema) =>
	`await queryInterface.removeIndex(${quote(table)}, ${quote(index.name)}, {transaction});`;
export const addColumnCode = (table: string, column: string, definition: string) =>
	`await queryInterface.addColumn(${quote(table)}, ${quote(column)}, ${definition}, {transaction});`;
/**
 * Not queryInterface.removeColumn: on SQLite Sequelize rebuilds the whole
 * table for it, and with foreign keys on that deletes the rows of tables
 * referencing it. SQLite 3.35+ and PostgreSQL both drop a column in place.
 */
export const dropColumnCode = (table: string, column: string) =>
	`await sequelize.query(${quote(`ALTER TABLE ${identifier(table)} DROP COLUMN ${identifier(column)}`)}, {transaction});`;
