import {QueryTypes} from 'sequelize';
import type {Sequelize, Transaction} from 'sequelize';
import type {Dialect} from './connection.js';
import {tableNamesSql} from './step-records.js';

/** What is read: a Database, or a scratch schema (stamp-check.ts); inside `transaction` when one is given. */
export type SchemaSource = {readonly sequelize: Sequelize; readonly dialect: Dialect; readonly transaction?: Transaction};

/*
 * One plain-data shape for a schema, whether it was read from a live
 * database or derived from the models, so the two can be compared (and,
 * later, diffed into a migration) without caring where either came from.
 */

export type ReferentialAction = 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

export type ColumnSchema = {
	readonly name: string;
	/** Normalised with normalizeType: upper case, `VARCHAR(n)`, single spaces. */
	readonly type: string;
	readonly allowNull: boolean;
	readonly primaryKey: boolean;
};

export type IndexSchema = {
	readonly name: string;
	readonly unique: boolean;
	/** Key columns in index order; an expression key is `<expression>`. */
	readonly columns: readonly string[];
};

export type ForeignKeySchema = {
	readonly columns: readonly string[];
	readonly referencedTable: string;
	readonly referencedColumns: readonly string[];
	readonly onDelete: ReferentialAction;
	readonly onUpdate: ReferentialAction;
};

export type TableSchema = {
	/** In table order. */
	readonly columns: Map<string, ColumnSchema>;
	/**
	 * Only indexes someone created by name: the ones engines make for
	 * primary keys and UNIQUE constraints are left out.
	 */
	readonly indexes: Map<string, IndexSchema>;
	readonly foreignKeys: ForeignKeySchema[];
	/**
	 * Trigger names, as read from a database; the models describe none, so they are compared only when the
	 * expected side has them (a schema the migrations made, in stamp-check.ts).
	 */
	readonly triggers?: Set<string>;
};

export type SchemaSnapshot = {readonly tables: Map<string, TableSchema>};

export const expressionKey = '<expression>';

const typeAliases: ReadonlyArray<[RegExp, string]> = [
	[/^CHARACTER VARYING\b/, 'VARCHAR'],
	[/^CHARACTER\b/, 'CHAR'],
	[/^TIMESTAMPTZ\b/, 'TIMESTAMP WITH TIME ZONE'],
];

/**
 * Maps an engine's spelling of a type and Sequelize's onto one form:
 * PostgreSQL says `character varying(64)` where Sequelize writes `VARCHAR(64)`.
 * SQLite keeps the declared text, so INT and INTEGER stay different there
 * (only `INTEGER PRIMARY KEY` is a rowid alias).
 */
export function normalizeType(raw: string): string {
	let type = raw
		.trim()
		.toUpperCase()
		.replace(/\s+/g, ' ')
		.replace(/\s*([(,])\s*/g, '$1')
		.replace(/\s+\)/g, ')');
	for (const [pattern, replacement] of typeAliases) {
		type = type.replace(pattern, replacement);
	}
	return type;
}

export function normalizeAction(raw: string | null | undefined): ReferentialAction {
	const action = (raw ?? '').trim().toUpperCase().replace(/\s+/g, ' ');
	switch (action) {
		case 'RESTRICT':
		case 'CASCADE':
		case 'SET NULL':
		case 'SET DEFAULT':
			return action;
		default:
			// Both engines default to NO ACTION when a reference names no action.
			return 'NO ACTION';
	}
}

async function emptyTables(source: SchemaSource): Promise<Map<string, TableSchema>> {
	const names = await select<{name: string}>(source, tableNamesSql(source.dialect));
	return new Map(names.map(({name}) => [name, {columns: new Map(), indexes: new Map(), foreignKeys: [], triggers: new Set<string>()}]));
}

/** Groups rows that share a key, keeping the order the query returned them in. */
function groupBy<Row>(rows: readonly Row[], key: (row: Row) => string): Map<string, Row[]> {
	const groups = new Map<string, Row[]>();
	for (const row of rows) {
		const group = groups.get(key(row));
		if (group) {
			group.push(row);
		} else {
			groups.set(key(row), [row]);
		}
	}
	return groups;
}

async function select<Row extends object>(source: SchemaSource, sql: string): Promise<Row[]> {
	// QueryTypes.SELECT matters on SQLite: without it Sequelize reshapes PRAGMA results by sniffing the SQL text.
	return source.sequelize.query<Row>(sql, {type: QueryTypes.SELECT, transaction: source.transaction});
}

/**
 * The table-valued pragma functions read every table in one query, and
 * their arguments need no quoting.
 */
function fromEverySqliteTable(pragmas: string): string {
	return `FROM sqlite_master AS m, ${pragmas} WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`;
}

export async function introspectSqlite(source: SchemaSource): Promise<SchemaSnapshot> {
	const tables = await emptyTables(source);
	const columns = await select<{table_name: string; name: string; type: string; notnull: number; pk: number}>(
		source,
		`SELECT m.name AS table_name, c.name, c.type, c."notnull", c.pk ${fromEverySqliteTable('pragma_table_info(m.name) AS c')} ORDER BY m.name, c.cid`,
	);
	for (const [tableName, rows] of groupBy(columns, row => row.table_name)) {
		const table = tables.get(tableName);
		const keyColumns = rows.filter(row => row.pk > 0);
		for (const row of rows) {
			// An INTEGER PRIMARY KEY is the rowid and cannot hold NULL, though table_info reports notnull = 0 for it.
			const isRowid = keyColumns.length === 1 && row.pk > 0 && normalizeType(row.type) === 'INTEGER';
			table?.columns.set(row.name, {
				name: row.name,
				type: normalizeType(row.type),
				allowNull: row.notnull === 0 && !isRowid,
				primaryKey: row.pk > 0,
			});
		}
	}

	// origin 'c' is CREATE INDEX; 'pk' and 'u' are the sqlite_autoindex_* behind constraints.
	const indexColumns = await select<{table_name: string; index_name: string; unique: number; column_name: string | null}>(
		source,
		`SELECT m.name AS table_name, il.name AS index_name, il."unique", ii.name AS column_name
		${fromEverySqliteTable('pragma_index_list(m.name) AS il, pragma_index_info(il.name) AS ii')}
			AND il.origin = 'c' AND il.name NOT LIKE 'sqlite_autoindex_%'
		ORDER BY m.name, il.name, ii.seqno`,
	);
	for (const rows of groupBy(indexColumns, row => `${row.table_name}\0${row.index_name}`).values()) {
		const [first] = rows;
		if (first) {
			tables.get(first.table_name)?.indexes.set(first.index_name, {
				name: first.index_name,
				unique: first.unique === 1,
				columns: rows.map(row => row.column_name ?? expressionKey),
			});
		}
	}

	const foreignKeyColumns = await select<{
		table_name: string;
		id: number;
		referenced_table: string;
		from: string;
		to: string | null;
		on_delete: string;
		on_update: string;
	}>(
		source,
		`SELECT m.name AS table_name, fk.id, fk."table" AS referenced_table, fk."from", fk."to", fk.on_delete, fk.on_update
		${fromEverySqliteTable('pragma_foreign_key_list(m.name) AS fk')}
		ORDER BY m.name, fk.id, fk.seq`,
	);
	for (const rows of groupBy(foreignKeyColumns, row => `${row.table_name}\0${row.id}`).values()) {
		const [first] = rows;
		if (first) {
			// `REFERENCES user` without a column list means the referenced table's primary key.
			const referencedKey = [...(tables.get(first.referenced_table)?.columns.values() ?? [])]
				.filter(column => column.primaryKey)
				.map(column => column.name);
			tables.get(first.table_name)?.foreignKeys.push({
				columns: rows.map(row => row.from),
				referencedTable: first.referenced_table,
				referencedColumns: rows.map((row, index) => row.to ?? referencedKey[index] ?? '?'),
				onDelete: normalizeAction(first.on_delete),
				onUpdate: normalizeAction(first.on_update),
			});
		}
	}
	const triggers = await select<{table_name: string; name: string}>(
		source,
		"SELECT tbl_name AS table_name, name FROM sqlite_master WHERE type = 'trigger' ORDER BY tbl_name, name",
	);
	for (const row of triggers) {
		tables.get(row.table_name)?.triggers?.add(row.name);
	}
	return {tables};
}

const postgresActions: Readonly<Record<string, ReferentialAction>> = {
	a: 'NO ACTION',
	r: 'RESTRICT',
	c: 'CASCADE',
	n: 'SET NULL',
	d: 'SET DEFAULT',
};

/** Reads current_schema() only, which is where unqualified CREATE TABLE (and so the migrations) put tables. */
export async function introspectPostgres(source: SchemaSource): Promise<SchemaSnapshot> {
	const tables = await emptyTables(source);
	const columns = await select<{table_name: string; name: string; type: string; not_null: boolean; primary_key: boolean}>(
		source,
		`SELECT t.relname AS table_name, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
			a.attnotnull AS not_null,
			EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = t.oid AND i.indisprimary AND a.attnum = ANY (i.indkey)) AS primary_key
		FROM pg_class t
		JOIN pg_namespace n ON n.oid = t.relnamespace
		JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
		WHERE n.nspname = current_schema() AND t.relkind IN ('r', 'p')
		ORDER BY t.relname, a.attnum`,
	);
	for (const row of columns) {
		tables.get(row.table_name)?.columns.set(row.name, {
			name: row.name,
			type: normalizeType(row.type),
			allowNull: !row.not_null,
			primaryKey: row.primary_key,
		});
	}

	// Indexes behind PRIMARY KEY, UNIQUE and EXCLUDE constraints (user_pkey, ..._key) belong to those constraints.
	const indexColumns = await select<{table_name: string; index_name: string; unique: boolean; column_name: string | null}>(
		source,
		`SELECT t.relname AS table_name, ic.relname AS index_name, i.indisunique AS "unique", a.attname AS column_name
		FROM pg_index i
		JOIN pg_class t ON t.oid = i.indrelid
		JOIN pg_class ic ON ic.oid = i.indexrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
		LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
		WHERE n.nspname = current_schema() AND t.relkind IN ('r', 'p') AND NOT i.indisprimary
			AND k.position <= i.indnkeyatts
			AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
		ORDER BY t.relname, ic.relname, k.position`,
	);
	for (const rows of groupBy(indexColumns, row => `${row.table_name}\0${row.index_name}`).values()) {
		const [first] = rows;
		if (first) {
			tables.get(first.table_name)?.indexes.set(first.index_name, {
				name: first.index_name,
				unique: first.unique,
				columns: rows.map(row => row.column_name ?? expressionKey),
			});
		}
	}

	const foreignKeyColumns = await select<{
		table_name: string;
		name: string;
		referenced_table: string;
		column_name: string;
		referenced_column: string;
		on_delete: string;
		on_update: string;
	}>(
		source,
		`SELECT t.relname AS table_name, c.conname AS name, rt.relname AS referenced_table,
			a.attname AS column_name, ra.attname AS referenced_column, c.confdeltype AS on_delete, c.confupdtype AS on_update
		FROM pg_constraint c
		JOIN pg_class t ON t.oid = c.conrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		JOIN pg_class rt ON rt.oid = c.confrelid
		CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(attnum, referenced_attnum, position)
		JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
		JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = k.referenced_attnum
		WHERE c.contype = 'f' AND n.nspname = current_schema()
		ORDER BY t.relname, c.conname, k.position`,
	);
	for (const rows of groupBy(foreignKeyColumns, row => `${row.table_name}\0${row.name}`).values()) {
		const [first] = rows;
		if (first) {
			tables.get(first.table_name)?.foreignKeys.push({
				columns: rows.map(row => row.column_name),
				referencedTable: first.referenced_table,
				referencedColumns: rows.map(row => row.referenced_column),
				onDelete: postgresActions[first.on_delete] ?? 'NO ACTION',
				onUpdate: postgresActions[first.on_update] ?? 'NO ACTION',
			});
		}
	}
	// Not the engine's own (the ones behind foreign keys are internal).
	const triggers = await select<{table_name: string; name: string}>(
		source,
		`SELECT t.relname AS table_name, tg.tgname AS name
		FROM pg_trigger tg
		JOIN pg_class t ON t.oid = tg.tgrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE NOT tg.tgisinternal AND n.nspname = current_schema()
		ORDER BY t.relname, tg.tgname`,
	);
	for (const row of triggers) {
		tables.get(row.table_name)?.triggers?.add(row.name);
	}
	return {tables};
}

/** The schema the database has now. */
export async function introspectSchema(source: SchemaSource): Promise<SchemaSnapshot> {
	return source.dialect === 'sqlite' ? introspectSqlite(source) : introspectPostgres(source);
}
