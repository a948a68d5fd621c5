import type {BoundValues} from '../db/bound-values.js';
import type {Dialect} from '../db/reader.js';
import type {PostFilter} from './feed-pages.js';
import {withoutNul} from './typed-text.js';
import type {UserFilter} from './users-query.js';

/*
 * Case-insensitive "contains", the same on both engines and in any locale. SQLite's LIKE and lower() fold ASCII
 * only, and PostgreSQL's ILIKE and lower() fold by the database's locale (a C-locale cluster: ASCII only). So the
 * needle is written as a pattern with each character as the class of its case variants, `café` → `[cC][aA][fF][éÉ]`:
 * GLOB on SQLite (behind a LIKE that folds the ASCII letters: likePattern), a regular expression (`~`) on PostgreSQL,
 * both case-sensitive and locale-free, and a JavaScript
 * RegExp built the same way finds the match in a row to highlight it. Folding is one character to one (Unicode's
 * simple case mapping): `CAFÉ` finds `café`, `ẞ` finds `ß`, but `STRASSE` does not find `straße` (ß's upper case is
 * two letters). docs/benchmarks.md (issue 19) has the measurements against LIKE/ILIKE/lower().
 */

/** One code point's case variants (itself first): its lower and upper case, when each is one code point. */
export function caseVariants(character: string): string[] {
	const variants = new Set([character]);
	for (const candidate of [character.toLowerCase(), character.toUpperCase()]) {
		for (const more of [candidate, candidate.toLowerCase(), candidate.toUpperCase()]) {
			if ([...more].length === 1) {
				variants.add(more);
			}
		}
	}
	return [...variants];
}

/** The needle as it is matched: without NUL (no engine stores one in a value it compares; see typed-text.ts). */
function characters(needle: string): string[] {
	return [...withoutNul(needle)];
}

/** SQLite GLOB: `*`, `?` and `[` are written as one-character classes; `]` outside a class is itself. */
export function globPattern(needle: string): string {
	const parts = characters(needle).map(character => {
		const variants = caseVariants(character);
		if (variants.length > 1) {
			return `[${variants.join('')}]`;
		}
		return /[*?[]/.test(character) ? `[${character}]` : character;
	});
	return `*${parts.join('')}*`;
}

/** Characters with a meaning in a PostgreSQL (ARE) or JavaScript regular expression. */
const regexSpecial = /[\\^$.|?*+()[\]{}/]/;

function regexPart(character: string): string {
	const variants = caseVariants(character);
	if (variants.length > 1) {
		return `[${variants.join('')}]`;
	}
	// A backslash before a non-alphanumeric character makes it literal in both dialects.
	return regexSpecial.test(character) ? `\\${character}` : character;
}

/** PostgreSQL `~` (advanced regular expression), unanchored. */
export function regexPattern(needle: string): string {
	return characters(needle).map(regexPart).join('');
}

/** The same match in JavaScript: where a row matched, to highlight it. undefined for an empty needle. */
export function matchRegExp(needle: string): RegExp | undefined {
	const source = regexPattern(needle);
	return source === '' ? undefined : new RegExp(source, 'u');
}

/** Where `needle` first occurs in `text`, case-insensitively as the store matches: [start, end) in UTF-16 units. */
export function findMatch(text: string, needle: string): {start: number; end: number} | undefined {
	const match = matchRegExp(needle)?.exec(text);
	return match ? {start: match.index, end: match.index + match[0].length} : undefined;
}

/**
 * SQLite LIKE, which folds ASCII letters only (and reads `_` as any one character): each ASCII character as itself,
 * any other as `_`. For an ASCII needle it is the whole match (an ASCII letter's case variants are ASCII); otherwise it
 * lets through a superset that GLOB then checks, so GLOB, ~3× slower per row than LIKE (docs/benchmarks.md), runs only on
 * the few rows LIKE kept.
 */
export function likePattern(needle: string): string {
	const parts = characters(needle).map(character => (/^[\u0000-\u007F]$/.test(character) ? character.replace(/[\\%_]/, escaped => `\\${escaped}`) : '_'));
	return `%${parts.join('')}%`;
}

function isAscii(needle: string): boolean {
	return /^[\u0000-\u007F]*$/.test(needle);
}

/** SQL: one of `columns` contains `needle`, case-insensitively, each pattern bound once. */
export function containsCondition(values: BoundValues, dialect: Dialect, columns: string | readonly string[], needle: string): string {
	const names = typeof columns === 'string' ? [columns] : columns;
	let each: string[];
	if (dialect === 'postgres') {
		const pattern = values.add(regexPattern(needle));
		each = names.map(column => `${column} ~ ${pattern}`);
	} else {
		const like = values.add(likePattern(needle));
		const glob = isAscii(withoutNul(needle)) ? undefined : values.add(globPattern(needle));
		each = names.map(column => `${column} LIKE ${like} ESCAPE '\\'${glob === undefined ? '' : ` AND ${column} GLOB ${glob}`}`);
	}
	return each.length === 1 ? each[0]! : `(${each.map(condition => `(${condition})`).join(' OR ')})`;
}

/** The row is in a list read with `filter` (its text and author parts): a list keeps it selected when the filter changes. */
export function postMatches(row: {readonly body: string | null; readonly username: string | null; readonly userId: number | null}, filter: PostFilter): boolean {
	// NULL (an adopted database's rows) matches no text and no name, as in SQL.
	return (
		(filter.text === undefined || (row.body !== null && findMatch(row.body, filter.text) !== undefined)) &&
		(filter.author === undefined || (row.username !== null && row.username.toLowerCase() === filter.author.toLowerCase())) &&
		(filter.userId === undefined || row.userId === filter.userId)
	);
}

/** The user is in the Users list read with `filter`. */
export function userMatches(row: {readonly username: string | null; readonly email: string | null}, filter: UserFilter): boolean {
	const found = (text: string | null) => text !== null && findMatch(text, filter.text!) !== undefined;
	return filter.text === undefined || filter.text === '' || found(row.username) || found(row.email);
}
