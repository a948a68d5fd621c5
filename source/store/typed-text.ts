import type {Dialect} from '../db/reader.js';

/*
 * NUL: no text the app writes holds one (normaliseBody strips it from posts; names and emails are checked),
 * PostgreSQL cannot store it at all (it refuses such a value before comparing it), and SQLite's LIKE reads
 * a pattern only up to one. So typed filter text is matched without it, on both engines, and a name holding
 * one is looked up as it is on SQLite (another program may have stored it) and names nobody on PostgreSQL.
 */

/** Text typed into the filter, as it is matched. */
export function withoutNul(text: string): string {
	return text.replaceAll('\u0000', '');
}

/** True when no row of this engine can hold `text`, so that a lookup of it finds nothing without asking. */
export function unstorable(dialect: Dialect, text: string): boolean {
	return dialect === 'postgres' && text.includes('\u0000');
}
