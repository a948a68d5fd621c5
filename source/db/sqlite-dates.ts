// Sequelize's SQLite DATE, made to write and read post times as every other path of this program does
// (source/db/stored-time.ts). Left alone it writes `2026-12-01 21:52:04.313 +00:00`, which migration 0004's trigger
// then rewrites with a second UPDATE on every insert, and which a Date compared in a `where` (`--shell`:
// `Post.count({where: {timestamp: post.timestamp}})`) no longer equals; and it reads text without an offset by
// appending one, which throws on a number another program stored and misreads ISO `…Z`.
import {DataTypes} from 'sequelize';
import {parseStoredTime, timeKeyOf} from './stored-time.js';

/** The parts of Sequelize's SQLite DATE used here: not in its public typings (`DataTypes.sqlite` is the dialect's set). */
type SqliteDate = {
	parse(value: unknown): Date;
	prototype: {_stringify(value: unknown): string};
};

function asDate(value: unknown): Date {
	if (value instanceof Date) {
		return value;
	}
	if (typeof value === 'string') {
		return parseStoredTime(value);
	}
	// A moment (Sequelize's own), or a number of milliseconds.
	const moment = value as {toDate?: () => Date};
	return typeof moment.toDate === 'function' ? moment.toDate() : new Date(Number(value));
}

const sqliteDate = (DataTypes as unknown as {sqlite: {DATE: SqliteDate}}).sqlite.DATE;
// Before any Sequelize exists: its SQLite connection manager copies each type's parse when it is created.
sqliteDate.parse = (value: unknown) => parseStoredTime(value as string);
sqliteDate.prototype._stringify = (value: unknown) => {
	const date = asDate(value);
	if (Number.isNaN(date.getTime())) {
		throw new TypeError(`not a time: ${String(value)}`);
	}
	return timeKeyOf(date);
};
