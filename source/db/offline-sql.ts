import {createRequire} from 'node:module';
import {QueryTypes, Sequelize} from 'sequelize';
import type {QueryOptions, Transaction} from 'sequelize';
import {UserError} from '../errors.js';
import type {Dialect} from './connection.js';
import type {StepContext} from './migration-context.js';
import {migrationFiles} from './migrator.js';
import type {MigrationSource} from './migrator.js';
import type {StepFile} from './step-records.js';

export type {Dialect} from './connection.js';

/**
 * Query types that read the database: offline there is nothing to read, so a
 * migration that needs an answer (describeTable, showIndex, a row count)
 * cannot be turned into a script.
 */
const readingTypes = new Set<string>([
	QueryTypes.SELECT,
	QueryTypes.SHOWTABLES,
	QueryTypes.SHOWINDEXES,
	QueryTypes.DESCRIBE,
	QueryTypes.FOREIGNKEYS,
	QueryTypes.VERSION,
]);

/** The second argument is the Sequelize instance's dialect object (for its quoting rules), not its name. */
type InjectReplacements = (sql: string, dialect: unknown, replacements: unknown) => string;

/** Sequelize's own replacement formatting, so offline text matches what it would send (not in its public typings). */
function injectReplacements(): InjectReplacements {
	const require = createRequire(import.meta.url);
	return (require('sequelize/lib/utils/sql') as {injectReplacements: InjectReplacements}).injectReplacements;
}

function terminated(sql: string): string {
	return `${sql.trim().replace(/;+\s*$/, '')};`;
}

/**
 * A Sequelize instance for the dialect that never connects: `query` is
 * replaced by a recorder, so the query interface's DDL comes out as text.
 */
function recordingSequelize(dialect: Dialect, migration: string): {sequelize: Sequelize; statements: string[]} {
	const sequelize =
		dialect === 'sqlite'
			? new Sequelize({dialect: 'sqlite', storage: ':memory:', logging: false})
			: // Options, not a URL: Sequelize reads a URL with Node's deprecated url.parse.
				new Sequelize({dialect: 'postgres', host: '127.0.0.1', port: 1, username: 'offline', database: 'offline', logging: false});
	const statements: string[] = [];
	const recorder = async (sql: string | {query: string}, options?: QueryOptions & {bind?: unknown}) => {
		const text = typeof sql === 'string' ? sql : sql.query;
		if (options?.type !== undefined && readingTypes.has(options.type)) {
			const shown = text.length > 60 ? `${text.slice(0, 60)}...` : text;
			throw new UserError(`${migration} reads the database (${shown}), so its SQL cannot be produced offline; run it against a database instead`);
		}
		if (options?.bind !== undefined) {
			throw new UserError(`${migration} uses bind parameters, which an offline script cannot carry; use replacements`);
		}
		statements.push(terminated(options?.replacements === undefined ? text : injectReplacements()(text, (sequelize as unknown as {dialect: unknown}).dialect, options.replacements)));
		return [[], 0];
	};
	// The one hook point every queryInterface method goes through; replaced on this private instance only.
	(sequelize as unknown as {query: typeof recorder}).query = recorder;
	return {sequelize, statements};
}

async function loadMigration(file: StepFile) {
	const {loadStep} = await import('./step-runner.js');
	return loadStep(file);
}

function findMigration(name: string, source: MigrationSource): StepFile {
	const file = migrationFiles(source).find(candidate => candidate.name === name);
	if (!file) {
		const known = migrationFiles(source).map(candidate => candidate.name).join(', ');
		throw new UserError(`unknown migration '${name}' (known: ${known || 'none'})`);
	}
	return file;
}

/** The statements one migration's up or down runs on this dialect, without connecting to any database. */
export async function migrationStatements(
	name: string,
	direction: 'up' | 'down',
	dialect: Dialect,
	source: MigrationSource = {},
): Promise<string[]> {
	const step = await loadMigration(findMigration(name, source));
	const {sequelize, statements} = recordingSequelize(dialect, name);
	const context: StepContext = {
		queryInterface: sequelize.getQueryInterface(),
		sequelize,
		// Never used: the recorder ignores transactions, and the script carries its own BEGIN/COMMIT.
		transaction: {offline: true} as unknown as Transaction,
		dialect,
		offline: true,
	};
	try {
		await step[direction]({context});
	} catch (error) {
		// A built step file bundles its own copy of UserError (as in step-runner.ts): its refusal stays one line.
		if (!(error instanceof UserError) && error instanceof Error && error.name === 'UserError') {
			throw new UserError(error.message, {cause: error});
		}
		throw error;
	}
	return statements;
}

/** The steps a script covers: upgrades oldest first, downgrades newest first. */
export type ScriptRange = {
	readonly direction: 'up' | 'down';
	readonly steps: readonly string[];
};

function indexOf(name: string, names: readonly string[]): number {
	const index = names.indexOf(name);
	if (index === -1) {
		throw new UserError(`unknown migration '${name}' (known: ${names.join(', ') || 'none'})`);
	}
	return index;
}

/**
 * Offline there is no database to read the current revision from, so ranges
 * are explicit, as in `alembic upgrade --sql start:end`: an upgrade runs from
 * `from` (exclusive; default base) to `to` (inclusive; default head); a
 * downgrade from `from` (default head) down until `to` is the newest applied
 * (`base` = all; default: the one step below `from`).
 */
export function scriptRange(
	direction: 'up' | 'down',
	options: {from?: string; to?: string},
	source: MigrationSource = {},
): ScriptRange {
	const files = migrationFiles(source);
	const names = files.map(file => file.name);
	const position = (name: string | undefined, fallback: number) =>
		name === undefined ? fallback : name === 'base' ? 0 : indexOf(name, names) + 1;
	if (direction === 'up') {
		const start = position(options.from, 0);
		const end = position(options.to, names.length);
		if (end < start) {
			throw new UserError(`--to ${options.to ?? 'head'} is older than --from ${options.from ?? 'base'}: nothing to upgrade`);
		}
		// As online: an optional migration only when it is the one named.
		return {direction, steps: files.slice(start, end).filter(file => !file.optional || file.name === options.to).map(file => file.name)};
	}
	// Head is the newest migration a plain --migrate applies: an optional one after it is reverted only when named.
	const head = files.reduce((last, file, index) => (file.optional ? last : index + 1), 0);
	const start = position(options.from, head);
	const end = position(options.to, Math.max(0, start - 1));
	if (end > start) {
		throw new UserError(`--to ${options.to ?? 'base'} is newer than --from ${options.from ?? 'head'}: nothing to downgrade`);
	}
	return {direction, steps: names.slice(end, start).reverse()};
}

/**
 * A literal that stays a literal: a script printed for `sqlite3`/`psql` to run later has nowhere to carry
 * bound values. It quotes migration file names only (no NUL: they are file names), never data.
 */
function quoted(value: string): string {
	return `'${value.replaceAll("'", "''")}'`;
}

/**
 * The whole script `--migrate --sql` / `--downgrade --sql` prints: the same
 * statements the migrator runs, one transaction per migration with its
 * SequelizeMeta row, so `sqlite3 app.db < out.sql` or `psql -f out.sql`
 * leaves the database as the migrator would.
 */
export async function migrationScript(range: ScriptRange, dialect: Dialect, source: MigrationSource = {}): Promise<string> {
	const lines: string[] = [`-- microblog-tui ${range.direction === 'up' ? 'upgrade' : 'downgrade'} for ${dialect}, generated offline`];
	if (range.steps.length === 0) {
		lines.push('-- nothing to run');
		return `${lines.join('\n')}\n`;
	}
	const timestampType = dialect === 'sqlite' ? 'DATETIME' : 'TIMESTAMP WITH TIME ZONE';
	// The same UTC text Sequelize writes on SQLite, so --status reads the time right.
	const now = dialect === 'sqlite' ? "strftime('%Y-%m-%d %H:%M:%f +00:00', 'now')" : 'CURRENT_TIMESTAMP';
	if (dialect === 'sqlite') {
		// What every connection of the app sets; WAL is what --migrate switches the file to.
		lines.push('PRAGMA foreign_keys=ON;');
		if (range.direction === 'up') {
			lines.push('PRAGMA journal_mode=WAL;');
		}
	}
	lines.push(`CREATE TABLE IF NOT EXISTS "SequelizeMeta" (name VARCHAR(255) NOT NULL PRIMARY KEY, applied_at ${timestampType});`);
	for (const name of range.steps) {
		const statements = await migrationStatements(name, range.direction, dialect, source);
		lines.push('', `-- ${range.direction === 'up' ? 'Running' : 'Reverting'} ${name}`);
		lines.push(dialect === 'sqlite' ? 'BEGIN IMMEDIATE;' : 'BEGIN;');
		if (dialect === 'postgres') {
			// The lock the migrator takes, so a script and a running migrator never interleave.
			lines.push("SELECT pg_advisory_xact_lock(hashtext('microblog-tui:SequelizeMeta'));");
		}
		lines.push(...statements);
		lines.push(
			range.direction === 'up'
				? `INSERT INTO "SequelizeMeta" (name, applied_at) VALUES (${quoted(name)}, ${now});`
				: `DELETE FROM "SequelizeMeta" WHERE name = ${quoted(name)};`,
		);
		lines.push('COMMIT;');
	}
	return `${lines.join('\n')}\n`;
}
