// The rows a downgrade deletes with the tables it drops: counted for the prompt, and counted again
// inside the downgrade's own transaction, where nobody else can add any (issue 17).
import {QueryTypes} from 'sequelize';
import type {Transaction} from 'sequelize';
import {UserError} from '../errors.js';
import type {Database} from './connection.js';
import type {StepModule} from './migration-context.js';
import type {Reader} from './reader.js';
import {tableNamesSql} from './step-records.js';

export type TableDrop = {readonly table: string; readonly rows: number};

type Select = <Row extends object>(sql: string) => Promise<Row[]>;

async function count(select: Select, dialect: Reader['dialect'], steps: readonly StepModule[], lock?: (tables: string[]) => Promise<void>): Promise<TableDrop[]> {
	const existing = new Set((await select<{name: string}>(tableNamesSql(dialect))).map(row => row.name));
	const tables = steps.flatMap(step => step.tables ?? []).filter(table => existing.has(table));
	if (tables.length > 0) {
		await lock?.(tables);
	}
	const drops: TableDrop[] = [];
	for (const table of tables) {
		const [row] = await select<{count: number | string}>(`SELECT count(*) AS count FROM "${table}"`);
		drops.push({table, rows: Number(row?.count ?? 0)});
	}
	return drops;
}

/** The tables these steps drop that exist, with their row counts, in the order the steps drop them (what the prompt shows). */
export async function countDrops(database: Reader, steps: readonly StepModule[]): Promise<TableDrop[]> {
	return count(async sql => database.select(sql), database.dialect, steps);
}

/** The same count inside the downgrade's transaction, with the tables closed to other writers until it ends. */
export async function countDropsLocked(database: Database, steps: readonly StepModule[], transaction: Transaction): Promise<TableDrop[]> {
	const select: Select = async sql => database.sequelize.query(sql, {type: QueryTypes.SELECT, transaction});
	return count(select, database.dialect, steps, async tables => {
		// On SQLite the IMMEDIATE transaction already shuts other writers out. On PostgreSQL the runners' advisory
		// lock keeps out only our own runners, not psql or the TUI: hold their inserts until we commit. SHARE ROW
		// EXCLUSIVE lets readers on and conflicts with itself, so two downgrades cannot deadlock upgrading it.
		if (database.dialect === 'postgres') {
			await database.sequelize.query(`LOCK TABLE ${tables.map(table => `"${table}"`).join(', ')} IN SHARE ROW EXCLUSIVE MODE`, {transaction});
		}
	});
}

function rowsIn(drop: TableDrop): string {
	return `${drop.rows.toLocaleString('en-US')} row${drop.rows === 1 ? '' : 's'} in ${drop.table}`;
}

/**
 * Refuses, before anything is dropped, when a table would lose more rows than were `confirmed`
 * (what the prompt showed): rows another program added while the person read it.
 */
export function assertNoMoreRows(confirmed: readonly TableDrop[], now: readonly TableDrop[]): void {
	const more = now.flatMap(drop => {
		const shown = confirmed.find(candidate => candidate.table === drop.table)?.rows ?? 0;
		return drop.rows > shown ? [`${rowsIn(drop)}, more than the ${shown.toLocaleString('en-US')} confirmed`] : [];
	});
	if (more.length > 0) {
		throw new UserError(
			`downgrade stopped: it would now delete ${more.join(', and ')}; nothing was changed (run it again to see and confirm the new count)`,
		);
	}
}
