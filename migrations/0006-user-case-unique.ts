import {QueryTypes} from 'sequelize';
import type {StepContext, StepFn} from '../source/db/migration-context.js';
import {sanitize} from '../source/text/sanitize.js';
import {UserError} from '../source/errors.js';

/*
 * Usernames and emails unique regardless of case (`JOHN` next to `john` was accepted): a unique index on lower() of
 * each, on both engines, so every writer (psql, the sqlite3 shell, the Flask app) is held to it, and sign-in's
 * `lower("username") = lower($1)` is served by the index. lower() is the engine's own: ASCII only on SQLite (usernames
 * are ASCII by our rules; an email's non-ASCII letters are compared as they are), Unicode on PostgreSQL.
 * Raw CREATE INDEX: queryInterface.addIndex quotes an expression field as a column name.
 */
const indexes = [
	{name: 'ix_user_username_lower', column: 'username'},
	{name: 'ix_user_email_lower', column: 'email'},
] as const;

/** Lines shown before `… and N more`: enough to act on, short enough to read. */
const shownGroups = 10;

/**
 * Every group of rows whose value differs only in case, one per line (`username #1 "john" and #2 "JOHN"`). Grouped by
 * lower() so it is one sort, not a self-join; the members of a group are aggregated by the engine.
 */
async function clashes({sequelize, transaction}: StepContext): Promise<{shown: string[]; total: number}> {
	const shown: string[] = [];
	let total = 0;
	for (const {column} of indexes) {
		const grouped = `SELECT lower("${column}") AS k FROM "user" GROUP BY lower("${column}") HAVING count(*) > 1`;
		const [counted] = await sequelize.query<{n: number | string}>(`SELECT count(*) AS n FROM (${grouped}) AS g`, {type: QueryTypes.SELECT, transaction});
		// PostgreSQL returns count(*) as a string (bigint).
		const groupCount = Number(counted?.n ?? 0);
		total += groupCount;
		const room = shownGroups - shown.length;
		if (room <= 0 || groupCount === 0) {
			continue;
		}
		// One row per member, in id order within each group, the groups in the order of their first id.
		const rows = await sequelize.query<{k: string; id: number | string; value: string}>(
			`SELECT lower(u."${column}") AS k, u.id, u."${column}" AS value FROM "user" AS u
			JOIN (SELECT lower("${column}") AS k, min(id) AS min_id FROM "user" GROUP BY lower("${column}") HAVING count(*) > 1 ORDER BY min_id LIMIT ${room}) AS g
				ON lower(u."${column}") = g.k
			ORDER BY g.min_id, u.id`,
			{type: QueryTypes.SELECT, transaction},
		);
		const groups = new Map<string, Array<{id: number | string; value: string}>>();
		for (const row of rows) {
			groups.set(row.k, [...(groups.get(row.k) ?? []), row]);
		}
		for (const members of groups.values()) {
			const named = members.map(member => `#${member.id} ${JSON.stringify(sanitize(member.value))}`);
			shown.push(`${column} ${named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : named[0]}`);
		}
	}
	return {shown, total};
}

export const up: StepFn = async ({context}) => {
	const {sequelize, transaction} = context;
	// Offline (`--migrate --sql`) nothing can be read: there the CREATE UNIQUE INDEX refuses a clash by itself.
	if (!context.offline) {
		const {shown, total} = await clashes(context);
		if (total > 0) {
			const more = total > shown.length ? [`  … and ${total - shown.length} more`] : [];
			throw new UserError(
				[
					'0006-user-case-unique: usernames or emails that differ only in case; nothing was changed. Rename or remove one of each:',
					...shown.map(line => `  ${line}`),
					...more,
				].join('\n'),
			);
		}
	}
	for (const {name, column} of indexes) {
		await sequelize.query(`CREATE UNIQUE INDEX ${name} ON "user" (lower("${column}"))`, {transaction});
	}
	if (context.dialect === 'sqlite') {
		// SQLite checks the newest index first: made again, the exact ones report an exact duplicate by its column
		// (`UNIQUE constraint failed: user.username`, which Sequelize reads) rather than by the lower() index's name.
		for (const column of ['username', 'email']) {
			await sequelize.query(`DROP INDEX ix_user_${column}`, {transaction});
			// In 0001's own words (Sequelize's backticks), so sqlite_master reads as before.
			await sequelize.query(`CREATE UNIQUE INDEX \`ix_user_${column}\` ON \`user\` (\`${column}\`)`, {transaction});
		}
	}
};

export const down: StepFn = async ({context: {sequelize, transaction}}) => {
	for (const {name} of [...indexes].reverse()) {
		await sequelize.query(`DROP INDEX IF EXISTS ${name}`, {transaction});
	}
};
