import {QueryTypes} from 'sequelize';
import {UserError} from '../errors.js';
import type {StepContext} from './migration-context.js';

/*
 * SQLite cannot ALTER a column to NOT NULL: the table is made again. Sequelize's changeColumn does that with foreign
 * keys on and loses child rows, and PRAGMA foreign_keys cannot change inside the step's transaction, so this does it
 * in an order that keeps every foreign key satisfied at every statement: new tables made and filled parents first
 * (a child's reference pointing at its parent's new table), old tables dropped children first, the new ones renamed
 * (SQLite rewrites the references to the renamed table as it goes), then every index, trigger and view put back from
 * the text sqlite_master held. The DDL is built from pragma_table_xinfo and pragma_foreign_key_list, so a column a
 * later chapter of the tutorial added (about_me, last_seen) comes along, and so does a table referring to a rebuilt
 * one (the tutorial's followers), which is rebuilt with it: dropping a parent with its children in place would fail.
 */

type Query = Pick<StepContext, 'sequelize' | 'transaction'>;

type ColumnInfo = {name: string; type: string; notnull: number; dflt_value: string | null; pk: number; hidden: number};
type ForeignKeyInfo = {id: number; seq: number; table: string; from: string; to: string | null; on_update: string; on_delete: string};
type IndexInfo = {name: string; unique: number; origin: string};
type SchemaRow = {type: string; name: string; tbl_name: string; sql: string | null};

/** A name as an SQL identifier; SQLite takes double quotes for any name. */
export function quoteName(name: string): string {
	return `"${name.replaceAll('"', '""')}"`;
}

async function select<T extends object>({sequelize, transaction}: Query, sql: string, replacements: unknown[] = []): Promise<T[]> {
	return sequelize.query<T>(sql, {type: QueryTypes.SELECT, transaction, replacements});
}

async function run({sequelize, transaction}: Query, sql: string, replacements?: unknown[]): Promise<void> {
	await sequelize.query(sql, {transaction, ...(replacements ? {replacements} : {})});
}

// SQLite compares table names without regard to ASCII case.
const key = (name: string) => name.toLowerCase();

async function foreignKeys(query: Query, table: string): Promise<ForeignKeyInfo[]> {
	return select<ForeignKeyInfo>(query, 'SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq', [table]);
}

/** The tables named, and every table whose foreign key reaches one of them (directly or through another). */
export async function tablesToRebuild(query: Query, tables: readonly string[]): Promise<string[]> {
	const all = (await select<{name: string}>(query, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")).map(row => row.name);
	const parents = new Map<string, Set<string>>();
	for (const table of all) {
		parents.set(table, new Set((await foreignKeys(query, table)).map(row => key(row.table))));
	}
	const chosen = new Set(tables.map(key));
	for (let grown = true; grown; ) {
		grown = false;
		for (const table of all) {
			if (!chosen.has(key(table)) && [...parents.get(table)!].some(parent => chosen.has(parent))) {
				chosen.add(key(table));
				grown = true;
			}
		}
	}
	// Parents before children, so each new table's references exist when it is made and filled.
	const pending = all.filter(table => chosen.has(key(table)));
	const ordered: string[] = [];
	while (pending.length > 0) {
		const next = pending.findIndex(table =>
			[...parents.get(table)!].every(parent => parent === key(table) || !pending.some(other => key(other) === parent)),
		);
		if (next === -1) {
			throw new UserError(`tables ${pending.join(', ')} refer to each other in a cycle, which this step cannot rebuild; nothing was changed`);
		}
		ordered.push(...pending.splice(next, 1));
	}
	return ordered;
}

/** What a rebuilt table could not carry over: refused rather than lost. */
function unsupported(sql: string): string | undefined {
	const features: Array<[RegExp, string]> = [
		[/\bWITHOUT\s+ROWID\b/i, 'WITHOUT ROWID'],
		[/\bCHECK\s*\(/i, 'a CHECK constraint'],
		[/\bCOLLATE\b/i, 'a COLLATE clause'],
		[/\bDEFERRABLE\b/i, 'a DEFERRABLE foreign key'],
		[/\bGENERATED\b|\bAS\s*\(/i, 'a generated column'],
	];
	return features.find(([pattern]) => pattern.test(sql))?.[1];
}

/** The CREATE TABLE of `table` under `newName`, with `notNull` columns NOT NULL and references into `renamed` moved. */
async function tableDefinition(query: Query, table: string, newName: string, notNull: ReadonlySet<string>, renamed: ReadonlyMap<string, string>, sql: string): Promise<{ddl: string; columns: string[]; rowidAlias: boolean}> {
	const columns = await select<ColumnInfo>(query, 'SELECT * FROM pragma_table_xinfo(?) ORDER BY cid', [table]);
	const primaryKey = columns.filter(column => column.pk > 0).sort((a, b) => a.pk - b.pk);
	const single = primaryKey.length === 1 ? primaryKey[0] : undefined;
	// Only a column declared exactly INTEGER and alone in the key is the rowid: the ids stay the rowids.
	const rowidAlias = single !== undefined && single.type.toUpperCase() === 'INTEGER';
	const autoincrement = /\bAUTOINCREMENT\b/i.test(sql);
	const parts = columns.map(column => {
		const words = [quoteName(column.name)];
		if (column.type !== '') {
			words.push(column.type);
		}
		if (column.notnull || notNull.has(column.name)) {
			words.push('NOT NULL');
		}
		if (column === single) {
			words.push(autoincrement ? 'PRIMARY KEY AUTOINCREMENT' : 'PRIMARY KEY');
		}
		if (column.dflt_value !== null) {
			// pragma gives the default's expression text; in parentheses any expression is a valid DEFAULT.
			words.push(`DEFAULT (${column.dflt_value})`);
		}
		return words.join(' ');
	});
	if (primaryKey.length > 1) {
		parts.push(`PRIMARY KEY (${primaryKey.map(column => quoteName(column.name)).join(', ')})`);
	}
	for (const index of await select<IndexInfo>(query, 'SELECT * FROM pragma_index_list(?) ORDER BY seq', [table])) {
		if (index.origin === 'u') {
			const indexed = await select<{name: string}>(query, 'SELECT name FROM pragma_index_info(?) ORDER BY seqno', [index.name]);
			parts.push(`UNIQUE (${indexed.map(column => quoteName(column.name)).join(', ')})`);
		}
	}
	const keys = new Map<number, ForeignKeyInfo[]>();
	for (const row of await foreignKeys(query, table)) {
		keys.set(row.id, [...(keys.get(row.id) ?? []), row]);
	}
	for (const rows of keys.values()) {
		const first = rows[0]!;
		const parent = renamed.get(key(first.table)) ?? first.table;
		const to = rows.every(row => row.to !== null) ? ` (${rows.map(row => quoteName(row.to!)).join(', ')})` : '';
		parts.push(`FOREIGN KEY (${rows.map(row => quoteName(row.from)).join(', ')}) REFERENCES ${quoteName(parent)}${to} ON UPDATE ${first.on_update} ON DELETE ${first.on_delete}`);
	}
	return {ddl: `CREATE TABLE ${quoteName(newName)} (\n\t${parts.join(',\n\t')}\n)`, columns: columns.map(column => column.name), rowidAlias};
}

/**
 * Makes `notNull`'s columns NOT NULL by rebuilding their tables (and the tables referring to them), keeping every row,
 * rowid, column, type, default, key, index, trigger and view. Run inside the step's transaction; the caller has made
 * sure no row holds NULL in those columns and no foreign key is broken (the copy would fail otherwise).
 */
export async function rebuildWithNotNull(query: Query, notNull: ReadonlyMap<string, ReadonlySet<string>>): Promise<void> {
	const tables = await tablesToRebuild(query, [...notNull.keys()]);
	const master = await select<SchemaRow>(query, 'SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid');
	const tableSql = new Map(master.filter(row => row.type === 'table').map(row => [key(row.name), row.sql ?? '']));
	const taken = new Set(master.map(row => key(row.name)));
	const renamed = new Map<string, string>();
	for (const table of tables) {
		const feature = unsupported(tableSql.get(key(table)) ?? '');
		if (feature) {
			throw new UserError(`table ${table} has ${feature}, which this step cannot carry over to the rebuilt table; nothing was changed`);
		}
		let temporary = `${table}__tighten`;
		for (let n = 2; taken.has(key(temporary)); n++) {
			temporary = `${table}__tighten${n}`;
		}
		taken.add(key(temporary));
		renamed.set(key(table), temporary);
	}
	const rebuilt = new Set(tables.map(key));
	// Read before anything is dropped: the rebuilt tables' indexes and triggers go with them. Every view, and every
	// other trigger, is set aside too: renaming a table checks the whole schema, and one naming a dropped table fails it.
	const indexes = master.filter(row => row.type === 'index' && row.sql !== null && rebuilt.has(key(row.tbl_name)));
	const triggers = master.filter(row => row.type === 'trigger' && row.sql !== null);
	const views = master.filter(row => row.type === 'view' && row.sql !== null);
	const sequences = taken.has('sqlite_sequence') ? await select<{name: string; seq: number}>(query, 'SELECT name, seq FROM sqlite_sequence') : [];

	// Self-references (a row naming a later row of its own table) are checked at commit, when every row is in.
	await run(query, 'PRAGMA defer_foreign_keys = ON');
	for (const table of tables) {
		const temporary = renamed.get(key(table))!;
		const {ddl, columns, rowidAlias} = await tableDefinition(query, table, temporary, notNull.get(table) ?? new Set(), renamed, tableSql.get(key(table)) ?? '');
		await run(query, ddl);
		// Without a rowid alias the rowid is copied as well: nothing else may point at a row by it, but keep it anyway.
		const copied = [...(rowidAlias ? [] : ['rowid']), ...columns.map(quoteName)].join(', ');
		await run(query, `INSERT INTO ${quoteName(temporary)} (${copied}) SELECT ${copied} FROM ${quoteName(table)}`);
	}
	for (const view of views) {
		await run(query, `DROP VIEW ${quoteName(view.name)}`);
	}
	for (const trigger of triggers.filter(row => !rebuilt.has(key(row.tbl_name)))) {
		await run(query, `DROP TRIGGER ${quoteName(trigger.name)}`);
	}
	for (const table of [...tables].reverse()) {
		await run(query, `DROP TABLE ${quoteName(table)}`);
	}
	for (const table of tables) {
		await run(query, `ALTER TABLE ${quoteName(renamed.get(key(table))!)} RENAME TO ${quoteName(table)}`);
	}
	for (const row of [...indexes, ...views, ...triggers]) {
		await run(query, row.sql!);
	}
	// AUTOINCREMENT's high-water mark: the copy set it to the largest id present, a deleted larger one must stay used.
	for (const sequence of sequences.filter(row => rebuilt.has(key(row.name)))) {
		await run(query, 'DELETE FROM sqlite_sequence WHERE name = ?', [sequence.name]);
		await run(query, 'INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)', [sequence.name, sequence.seq]);
	}
}
