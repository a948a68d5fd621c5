import {QueryTypes} from 'sequelize';
import type {StepContext, StepFn} from '../source/db/migration-context.js';
import {quoteName, rebuildWithNotNull, tablesToRebuild} from '../source/db/sqlite-table-rebuild.js';
import {sanitize} from '../source/text/sanitize.js';
import {UserError} from '../source/errors.js';

/*
 * Optional (source/db/optional-migrations.ts: only `--migrate --to 0007-tighten-adopted-schema` runs it). A database
 * the Flask Mega-Tutorial made has user.username, user.email, post.body, post.timestamp and post.user_id nullable, and
 * on PostgreSQL post.timestamp without a time zone; --stamp adopts it as it is. This step makes them what 0001/0002
 * make: NOT NULL, and timestamptz, reading the tutorial's naive times as UTC (it writes datetime.utcnow()). It first
 * reads every row that would stop it (a NULL, or on SQLite a post whose user_id names no user) and refuses, naming
 * them, before changing anything. A column already tight is left alone: on a database our migrations made it does
 * nothing. The 2024 edition's wider password_hash (VARCHAR(256)) holds every value ours does, and stays.
 */
const name = '0007-tighten-adopted-schema';

const columns = {user: ['username', 'email'], post: ['body', 'timestamp', 'user_id']} as const;
type Table = keyof typeof columns;
const tables = Object.keys(columns) as Table[];

/** Lines shown before `… and N more`: enough to act on, short enough to read. */
const shownRows = 10;

type Loose = {notNull: Map<Table, string[]>; naiveTimestamp: boolean};

/** The five columns where they are still nullable, and whether PostgreSQL's post.timestamp is still naive. */
async function looseColumns({sequelize, transaction, dialect}: StepContext): Promise<Loose> {
	const notNull = new Map<Table, string[]>();
	let naiveTimestamp = false;
	for (const table of tables) {
		const live =
			dialect === 'sqlite'
				? await sequelize.query<{name: string; nullable: number; type: string}>(
						'SELECT name, (CASE WHEN "notnull" OR pk THEN 0 ELSE 1 END) AS nullable, type FROM pragma_table_info(?)',
						{type: QueryTypes.SELECT, transaction, replacements: [table]},
					)
				: await sequelize.query<{name: string; nullable: number; type: string}>(
						`SELECT column_name AS name, (CASE WHEN is_nullable = 'YES' THEN 1 ELSE 0 END) AS nullable, data_type AS type
						FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?`,
						{type: QueryTypes.SELECT, transaction, replacements: [table]},
					);
		const loose = live.filter(column => (columns[table] as readonly string[]).includes(column.name) && Number(column.nullable) === 1);
		if (loose.length > 0) {
			notNull.set(table, loose.map(column => column.name));
		}
		naiveTimestamp ||= table === 'post' && live.some(column => column.name === 'timestamp' && column.type === 'timestamp without time zone');
	}
	return {notNull, naiveTimestamp};
}

/** Every row that would stop the step, one line each, users first, in id order: `post #4 has no body (NULL)`. */
async function offendingRows(context: StepContext, loose: Loose): Promise<{shown: string[]; total: number}> {
	const {sequelize, transaction} = context;
	const shown: string[] = [];
	let total = 0;
	for (const [table, names] of loose.notNull) {
		const anyNull = names.map(column => `${quoteName(column)} IS NULL`).join(' OR ');
		const [counted] = await sequelize.query<{n: number | string}>(`SELECT count(*) AS n FROM ${quoteName(table)} WHERE ${anyNull}`, {type: QueryTypes.SELECT, transaction});
		// PostgreSQL returns count(*) as a string (bigint).
		const count = Number(counted?.n ?? 0);
		total += count;
		const room = shownRows - shown.length;
		if (count === 0 || room <= 0) {
			continue;
		}
		const flags = names.map((column, index) => `(CASE WHEN ${quoteName(column)} IS NULL THEN 1 ELSE 0 END) AS c${index}`).join(', ');
		const rows = await sequelize.query<Record<string, number | string>>(
			`SELECT id, ${flags} FROM ${quoteName(table)} WHERE ${anyNull} ORDER BY id LIMIT ${room}`,
			{type: QueryTypes.SELECT, transaction},
		);
		for (const row of rows) {
			const missing = names.filter((_, index) => Number(row[`c${index}`]) === 1);
			shown.push(`${table} #${sanitize(String(row.id))} has no ${missing.join(', ')} (NULL)`);
		}
	}
	if (context.dialect === 'sqlite') {
		// PostgreSQL enforces its foreign keys; SQLite only with foreign_keys on, which other programs may leave off.
		// The rebuilt tables keep their foreign keys, so a broken one would stop the copy: named here instead.
		for (const table of await tablesToRebuild(context, [...loose.notNull.keys()])) {
			const broken = await sequelize.query<{rowid: number; parent: string; fkid: number}>(`PRAGMA foreign_key_check(${quoteName(table)})`, {type: QueryTypes.SELECT, transaction});
			total += broken.length;
			for (const row of broken.slice(0, Math.max(0, shownRows - shown.length))) {
				const from = (
					await sequelize.query<{from: string}>('SELECT "from" FROM pragma_foreign_key_list(?) WHERE id = ? ORDER BY seq', {type: QueryTypes.SELECT, transaction, replacements: [table, row.fkid]})
				).map(column => column.from);
				const [values] = await sequelize.query<Record<string, unknown>>(`SELECT ${from.map(quoteName).join(', ')} FROM ${quoteName(table)} WHERE rowid = ?`, {
					type: QueryTypes.SELECT,
					transaction,
					replacements: [row.rowid],
				});
				const value = from.map(column => sanitize(String(values?.[column]))).join(', ');
				shown.push(`${table} #${row.rowid} has ${from.join(', ')} ${value}, which names no ${row.parent}`);
			}
		}
	}
	return {shown, total};
}

export const up: StepFn = async ({context}) => {
	if (context.offline) {
		throw new UserError(
			`${name} reads the database (which columns are still nullable, which rows hold NULL), so its SQL cannot be produced offline; run microblog-tui --migrate --to ${name} against the database instead`,
		);
	}
	const loose = await looseColumns(context);
	if (loose.notNull.size === 0 && !loose.naiveTimestamp) {
		return;
	}
	const {shown, total} = await offendingRows(context, loose);
	if (total > 0) {
		const more = total > shown.length ? [`  … and ${total - shown.length} more`] : [];
		throw new UserError(
			[`${name}: rows the tightened schema cannot hold; nothing was changed. Fix or delete them, then run it again:`, ...shown.map(line => `  ${line}`), ...more].join('\n'),
		);
	}
	const {sequelize, transaction} = context;
	if (context.dialect === 'sqlite') {
		await rebuildWithNotNull(context, new Map([...loose.notNull].map(([table, names]) => [table, new Set(names)])));
		return;
	}
	for (const table of tables) {
		const changes = (loose.notNull.get(table) ?? []).map(column => `ALTER COLUMN ${quoteName(column)} SET NOT NULL`);
		if (table === 'post' && loose.naiveTimestamp) {
			// The tutorial's times are naive UTC: read them as UTC whatever the server's or the session's TimeZone.
			changes.unshift(`ALTER COLUMN "timestamp" TYPE TIMESTAMP WITH TIME ZONE USING "timestamp" AT TIME ZONE 'UTC'`);
		}
		if (changes.length > 0) {
			await sequelize.query(`ALTER TABLE ${quoteName(table)} ${changes.join(', ')}`, {transaction});
		}
	}
};

// Leaves the columns as they are: loosening them again gains nothing, and which of them were loose is not recorded.
export const down: StepFn = async () => {};
