// A post's time as the database holds it, and the one way every read path turns it into an instant.
//
// Other programs write the same `post.timestamp` column: SQLAlchemy (`2026-12-01 21:52:04.313377`, naive UTC), the
// sqlite3 shell (`CURRENT_TIMESTAMP`: `2026-12-01 21:52:04`), Sequelize (`2026-12-01 21:52:04.313 +00:00`), ISO
// (`2026-12-01T21:52:04Z`). On SQLite the column is text, and those formats neither sort together nor carry the
// same precision, so migration 0004 rewrites every post's time into one canonical text, SQLAlchemy's: UTC, a space,
// a six-digit fraction. Sorted as text it is sorted in time, and the Flask tutorial's models read it exactly.
//
// A page cursor carries a time *key*: the stored text itself on SQLite, the microsecond value on PostgreSQL, written
// in the canonical form. A JavaScript Date holds milliseconds only and parses offset-less text as local time: it is
// for display, never compared in SQL.
import type {Dialect} from './reader.js';

/** `YYYY-MM-DD HH:MM:SS.ffffff`, UTC: how post times are stored on SQLite and keyed on both engines. */
export type TimeKey = string;

const storedTime =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(?:(Z)|([+-])(\d{2}):?(\d{2})?)?$/i;

function pad(value: number, width = 2): string {
	return String(value).padStart(width, '0');
}

/** The key of an instant the app wrote itself (milliseconds, so the last three digits are 0). */
export function timeKeyOf(date: Date): TimeKey {
	return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}000`;
}

type Parsed = {readonly milliseconds: number; readonly fraction: string};

function parse(text: string): Parsed | undefined {
	const match = storedTime.exec(text.trim());
	if (!match) {
		return undefined;
	}
	const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetHours, offsetMinutes] = match;
	const digits = (fraction ?? '').slice(0, 6).padEnd(6, '0');
	const local = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0), Number(digits.slice(0, 3)));
	const offset = zulu || !sign ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes ?? 0));
	const milliseconds = local - offset * 60_000;
	return Number.isNaN(milliseconds) ? undefined : {milliseconds, fraction: digits};
}

/**
 * The instant a stored time names, in any process time zone: text without an offset is UTC. An Invalid Date for
 * text that names no time (another program may store anything in a SQLite column): views show it as unknown.
 */
export function parseStoredTime(value: string | Date | number | null | undefined): Date {
	if (value instanceof Date) {
		return new Date(value.getTime());
	}
	if (typeof value !== 'string') {
		return new Date(Number.NaN);
	}
	const parsed = parse(value);
	return new Date(parsed ? parsed.milliseconds : Number.NaN);
}

/**
 * The time key as the driver returned it: SQLite's stored text as it is (exact, whatever its format), PostgreSQL's
 * canonical text from timeKeySql. Anything else (a number another program stored) as text.
 */
export function timeKeyFrom(value: unknown): TimeKey {
	return value instanceof Date ? timeKeyOf(value) : String(value);
}

/** ISO 8601 in UTC with every stored digit (`2026-12-01T21:52:04.313377Z`), or the stored text when it names no time. */
export function timeKeyIso(key: TimeKey): string {
	const parsed = parse(key);
	if (!parsed) {
		return key;
	}
	return `${new Date(parsed.milliseconds).toISOString().slice(0, 19)}.${parsed.fraction}Z`;
}

/** SQL for the exact key of a time column: the stored text on SQLite, microseconds in UTC as text on PostgreSQL. */
export function timeKeySql(dialect: Dialect, column: string): string {
	return dialect === 'sqlite' ? column : `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`;
}

/** A key as a value to compare the column with: text on SQLite (compared as stored), a UTC timestamp on PostgreSQL. */
export function timeKeyValue(dialect: Dialect, key: TimeKey): string {
	return dialect === 'sqlite' ? key : `${key}+00`;
}

/**
 * SQLite: `text` (an SQL expression) as the canonical text, or NULL when SQLite's date functions do not read it.
 * The fraction is copied digit for digit (SQLite's own %f keeps milliseconds only, and rounds 59.9999 up to the
 * next second); the rest goes through strftime, which applies an offset (`+05:30`, `Z`) and accepts `T`.
 */
export function sqliteCanonicalTime(text: string): string {
	const hasFraction = `substr(${text}, 20, 1) = '.'`;
	const afterPoint = `substr(${text}, 21)`;
	const tail = `ltrim(${afterPoint}, '0123456789')`;
	const digits = `substr(${afterPoint}, 1, length(${afterPoint}) - length(${tail}))`;
	const withoutFraction = `CASE WHEN ${hasFraction} THEN substr(${text}, 1, 19) || ${tail} ELSE ${text} END`;
	const fraction = `substr(CASE WHEN ${hasFraction} THEN ${digits} ELSE '' END || '000000', 1, 6)`;
	return `(strftime('%Y-%m-%d %H:%M:%S', ${withoutFraction}) || '.' || ${fraction})`;
}
