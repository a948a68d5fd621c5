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

/** SQLite's white space (sqlite3Isspace): not JavaScript's \s, which takes Unicode spaces too. */
const space = '[ \\t\\n\\v\\f\\r]';

/**
 * The text SQLite's date functions read (date.c: parseYyyyMmDd, parseHhMmSs, parseTimezone), less its time-only and
 * negative-year forms: `YYYY-MM-DD`, then any run of spaces and `T`, then `HH:MM[:SS[.digits]]`, spaces, an optional
 * `Z`/`z` or `±HH:MM`, spaces. The JavaScript reading and migration 0004's SQL (sqliteCanonicalTime) accept exactly
 * this grammar, so a row either has one canonical instant in every reader or is unknown to all of them (a property
 * test compares the two on generated text).
 */
const storedTime = new RegExp(
	`^(\\d{4})-(\\d{2})-(\\d{2})(?:(?:${space}|T)*(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?${space}*(?:([Zz])|([+-])(\\d{2}):(\\d{2}))?${space}*|(?:${space}|T)*)$`,
);

function pad(value: number, width = 2): string {
	return String(value).padStart(width, '0');
}

/** The key of an instant the app wrote itself (milliseconds, so the last three digits are 0). */
export function timeKeyOf(date: Date): TimeKey {
	return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}000`;
}

type Parsed = {readonly milliseconds: number; readonly fraction: string};

/** SQLite's ranges (getDigits): month 1–12, day 1–31, hour 0–24, minute and second 0–59, offset hours 0–14. */
function inRange(value: string | undefined, low: number, high: number): boolean {
	return value === undefined || (Number(value) >= low && Number(value) <= high);
}

function parse(text: string): Parsed | undefined {
	const match = storedTime.exec(text);
	if (!match) {
		return undefined;
	}
	const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetHours, offsetMinutes] = match;
	if (!inRange(month, 1, 12) || !inRange(day, 1, 31) || !inRange(hour, 0, 24) || !inRange(minute, 0, 59) || !inRange(second, 0, 59)) {
		return undefined;
	}
	if (!inRange(offsetHours, 0, 14) || !inRange(offsetMinutes, 0, 59)) {
		return undefined;
	}
	const digits = (fraction ?? '').slice(0, 6).padEnd(6, '0');
	// setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999. Out-of-range days and hour 24 roll over, as in SQLite.
	const date = new Date(0);
	date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
	date.setUTCHours(Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0), Number(digits.slice(0, 3)));
	const offset = zulu || !sign ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
	const milliseconds = date.getTime() - offset * 60_000;
	// SQLite's range: an offset that moves 0000-01-01 into year -1 (or 9999 into 10000) names no time there.
	const utcYear = new Date(milliseconds).getUTCFullYear();
	return Number.isNaN(milliseconds) || utcYear < 0 || utcYear > 9999 ? undefined : {milliseconds, fraction: digits};
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

/**
 * A key as a value to compare the column with: on SQLite the value as stored (text; a number another program stored
 * and SQLite could not read as a time stays a number, and a number sorts before any text), on PostgreSQL a UTC timestamp.
 */
export function timeKeyValue(dialect: Dialect, key: TimeKey): string | number {
	if (dialect === 'sqlite') {
		const number = Number(key);
		// Text of digits never stays text in this column (NUMERIC affinity), so a key that reads as a number was one.
		return key.trim() !== '' && Number.isFinite(number) ? number : key;
	}
	return `${key}+00`;
}

/** SQLite's white space, as SQL text for trim(). */
const sqliteSpaces = "' T' || char(9, 10, 11, 12, 13)";

/**
 * SQLite: `text` (an SQL expression holding text) as the canonical text, or NULL when it is not in the grammar of
 * storedTime. SQLite's own reading decides validity; the instant is then read from the text without its fraction
 * (SQLite rounds to milliseconds, so 04.9999 would read as 05), through a modifier that makes strftime normalise
 * what it would otherwise echo (`24:00`, 31 November), as JavaScript's Date does; the fraction is copied digit for
 * digit, truncated to six.
 */
export function sqliteCanonicalTime(text: string): string {
	const ours = `substr(${text}, 1, 4) GLOB '[0-9][0-9][0-9][0-9]' AND substr(${text}, 5, 1) = '-' AND strftime('%Y', ${text}) IS NOT NULL`;
	const time = `ltrim(substr(${text}, 11), ${sqliteSpaces})`;
	const hasFraction = `substr(${time}, 9, 1) = '.'`;
	const afterPoint = `substr(${time}, 10)`;
	const tail = `ltrim(${afterPoint}, '0123456789')`;
	const digits = `substr(${afterPoint}, 1, length(${afterPoint}) - length(${tail}))`;
	const withoutFraction = `CASE WHEN ${hasFraction} THEN substr(${text}, 1, length(${text}) - length(${time}) + 8) || ${tail} ELSE ${text} END`;
	const fraction = `substr(CASE WHEN ${hasFraction} THEN ${digits} ELSE '' END || '000000', 1, 6)`;
	const instant = `strftime('%Y-%m-%d %H:%M:%S', ${withoutFraction}, '+0 seconds')`;
	// A year before 0000 (0000-01-01 with a positive offset) comes out as '-001-…': no time in the grammar.
	return `(CASE WHEN ${ours} AND substr(${instant}, 1, 1) GLOB '[0-9]' THEN ${instant} || '.' || ${fraction} END)`;
}

/**
 * SQLite: a number another program stored (`unixepoch()`, `julianday('now')`, a JavaScript `Date.now()`, or text of
 * digits, which the column's NUMERIC affinity turns into a number) as the canonical text, to the millisecond, or NULL
 * when SQLite cannot read it: from 1e11 on, milliseconds since 1970; from 1e7, seconds; below, a Julian day number.
 */
export function sqliteCanonicalNumber(value: string): string {
	const format = "'%Y-%m-%d %H:%M:%f'";
	return `(CASE WHEN ${value} >= 1e11 THEN strftime(${format}, ${value} / 1000.0, 'unixepoch') WHEN ${value} >= 1e7 THEN strftime(${format}, ${value}, 'unixepoch') ELSE strftime(${format}, ${value}) END || '000')`;
}
