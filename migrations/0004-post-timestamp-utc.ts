import type {StepFn} from '../source/db/migration-context.js';
import {sqliteCanonicalNumber, sqliteCanonicalTime} from '../source/db/stored-time.js';

/*
 * SQLite keeps post.timestamp as text, and other programs write it in their own formats (SQLAlchemy's six-digit
 * fraction, the sqlite3 shell's CURRENT_TIMESTAMP, ISO with T and Z, an offset, a number from unixepoch()), which do
 * not sort together. This step rewrites every post's time into one canonical text (source/db/stored-time.ts), and two
 * triggers keep every later write so, whoever makes it: the feed's indexes then hold times in time order, and a page
 * cursor is the stored value itself. A value SQLite cannot read as a time is left as it is. PostgreSQL stores an
 * instant: nothing to do there.
 */

/** The canonical text of `value` (an SQL expression), text or number, or NULL when it names no time. */
function canonical(value: string): string {
	return `(CASE typeof(${value}) WHEN 'text' THEN ${sqliteCanonicalTime(value)} WHEN 'integer' THEN ${sqliteCanonicalNumber(value)} WHEN 'real' THEN ${sqliteCanonicalNumber(value)} END)`;
}

/**
 * Text already in the canonical shape is left alone without computing its canonical form: that took 3.3 s more per
 * million inserted rows, the shape test (GLOB) ~0 (measured with the sqlite3 shell, 2.4 s against 5.8 s).
 */
const canonicalShape = `'${'[0-9]'.repeat(4)}-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9].${'[0-9]'.repeat(6)}'`;

/** True when `value` should be rewritten: not canonical yet, and readable as a time (a NULL comparison is not true). */
function needsRewrite(value: string): string {
	return `NOT (typeof(${value}) = 'text' AND ${value} GLOB ${canonicalShape}) AND ${value} IS NOT ${canonical(value)} AND ${canonical(value)} IS NOT NULL`;
}

function trigger(name: string, event: string): string {
	return `CREATE TRIGGER ${name} AFTER ${event} ON post FOR EACH ROW
WHEN ${needsRewrite('NEW."timestamp"')}
BEGIN
	UPDATE post SET "timestamp" = ${canonical('NEW."timestamp"')} WHERE id = NEW.id;
END`;
}

export const up: StepFn = async ({context: {sequelize, transaction, dialect}}) => {
	if (dialect !== 'sqlite') {
		return;
	}
	await sequelize.query(`UPDATE post SET "timestamp" = ${canonical('"timestamp"')} WHERE ${needsRewrite('"timestamp"')}`, {transaction});
	await sequelize.query(trigger('post_timestamp_utc_insert', 'INSERT'), {transaction});
	await sequelize.query(trigger('post_timestamp_utc_update', 'UPDATE OF "timestamp"'), {transaction});
};

// The times stay canonical: every reader (Sequelize, SQLAlchemy, the sqlite3 shell) reads that text as UTC.
export const down: StepFn = async ({context: {sequelize, transaction, dialect}}) => {
	if (dialect !== 'sqlite') {
		return;
	}
	await sequelize.query('DROP TRIGGER IF EXISTS post_timestamp_utc_update', {transaction});
	await sequelize.query('DROP TRIGGER IF EXISTS post_timestamp_utc_insert', {transaction});
};
