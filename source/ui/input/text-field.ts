import {graphemes} from '../text/cells.js';
import {sanitizeTyped} from '../text/sanitize.js';
import {capacityMessage, draftCapacity, fieldCapacity, filterCapacity} from './typed-text.js';

/*
 * The one text field of the TUI: the compose box, the filter prompt and every form field edit through it. A value
 * and a cursor, the cursor a UTF-16 offset that is always on a grapheme boundary: an emoji with modifiers, a flag,
 * e + a combining accent or a CJK character moves and is deleted as one. Pure: the slices keep the state, this only
 * computes the next one.
 */

export type TextField = {
	readonly value: string;
	/** Where typed text goes: an offset into `value` (UTF-16 code units), on a grapheme boundary. */
	readonly cursor: number;
};

export type FieldKind = 'draft' | 'filter' | 'field';

export const emptyField: TextField = {value: '', cursor: 0};

/** A value written from outside (a carried draft, a filter in force): the cursor at its end. */
export function fieldAtEnd(value: string): TextField {
	return {value, cursor: value.length};
}

/** The cursor a slice stored beside `value`, or the end when it stored none (written from outside) or it is past the end. */
export function fieldCursor(value: string, cursor: number | undefined): number {
	return cursor === undefined ? value.length : Math.max(0, Math.min(cursor, value.length));
}

/**
 * What a key did to a field: the next field and the note about its capacity (undefined: none), 'unchanged' for an
 * editing key that changed nothing (so no frame is drawn), or undefined for a key that is not the field's (Enter,
 * Esc, Tab, ↑/↓…: the slice handles it).
 */
export type FieldEdit = {readonly field: TextField; readonly note: string | undefined} | 'unchanged' | undefined;

const capacities: Record<FieldKind, number> = {draft: draftCapacity, filter: filterCapacity, field: fieldCapacity};

/**
 * One key press on a field: `name` as keyName() gives it, `text` what was typed (equal to `name` for text). `shown`
 * is the note on screen now: more text for a full field whose note is up already is 'unchanged'.
 */
export function editField(field: TextField, name: string, text: string, what: FieldKind, shown: string | undefined): FieldEdit {
	if (name === text && text !== '') {
		return typeText(field, text, what, shown);
	}
	const moved = move(field, name);
	if (moved === undefined) {
		return undefined;
	}
	return moved.value === field.value && moved.cursor === field.cursor ? 'unchanged' : {field: moved, note: undefined};
}

function move(field: TextField, name: string): TextField | undefined {
	const {value, cursor} = field;
	switch (name) {
		case 'left':
			return {value, cursor: previousBoundary(value, cursor)};
		case 'right':
			return {value, cursor: nextBoundary(value, cursor)};
		case 'home':
		case 'ctrl-a':
			return {value, cursor: 0};
		case 'end':
		case 'ctrl-e':
			return {value, cursor: value.length};
		case 'meta-b':
			return {value, cursor: wordStartBefore(value, cursor, isWordCharacter)};
		case 'meta-f':
			return {value, cursor: wordEndAfter(value, cursor)};
		case 'backspace':
			return cut(value, previousBoundary(value, cursor), cursor);
		case 'delete':
		case 'ctrl-d':
			return cut(value, cursor, nextBoundary(value, cursor));
		case 'ctrl-w':
			// Readline's unix-word-rubout: back over blanks, then back to the previous blank.
			return cut(value, wordStartBefore(value, cursor, character => !/^\s+$/u.test(character)), cursor);
		case 'ctrl-u':
			return cut(value, 0, cursor);
		case 'ctrl-k':
			return cut(value, cursor, value.length);
		default:
			return undefined;
	}
}

function cut(value: string, from: number, to: number): TextField {
	return {value: value.slice(0, from) + value.slice(to), cursor: from};
}

/**
 * `text` typed at the cursor, as much of it as fits the capacity (in code points, what the post limit counts),
 * sanitised. Reads no more of `text` than fits: a full field costs nothing however long the text (a 1 MB paste).
 */
function typeText(field: TextField, text: string, what: FieldKind, shown: string | undefined): FieldEdit {
	const capacity = capacities[what];
	const room = capacity - countCodePoints(field.value);
	let end = 0;
	for (let taken = 0; end < text.length && taken < room; taken++) {
		end += text.codePointAt(end)! > 0xff_ff ? 2 : 1;
	}
	const note = end < text.length ? capacityMessage(what, capacity) : undefined;
	const inserted = sanitizeTyped(text.slice(0, end));
	if (inserted === '') {
		return note === shown ? 'unchanged' : {field, note};
	}
	const value = field.value.slice(0, field.cursor) + inserted + field.value.slice(field.cursor);
	// Typed text can join what was before it into one character (a combining accent, a ZWJ): the cursor goes after it.
	return {field: {value, cursor: boundaryAtOrAfter(value, field.cursor + inserted.length)}, note};
}

function countCodePoints(value: string): number {
	let count = 0;
	for (let index = 0; index < value.length; index++) {
		const code = value.charCodeAt(index);
		// A high surrogate and its low one are one code point.
		if (code < 0xd8_00 || code > 0xdb_ff) {
			count++;
		}
	}
	return count;
}

/** The grapheme boundaries of `value`, 0 and value.length included. Fields are short (1,024 at most): cheap enough per key. */
function boundaries(value: string): number[] {
	const offsets = [0];
	let offset = 0;
	for (const grapheme of graphemes(value)) {
		offset += grapheme.length;
		offsets.push(offset);
	}
	return offsets;
}

function previousBoundary(value: string, cursor: number): number {
	const offsets = boundaries(value);
	let previous = 0;
	for (const offset of offsets) {
		if (offset >= cursor) {
			break;
		}
		previous = offset;
	}
	return previous;
}

function nextBoundary(value: string, cursor: number): number {
	return boundaries(value).find(offset => offset > cursor) ?? value.length;
}

function boundaryAtOrAfter(value: string, position: number): number {
	return boundaries(value).find(offset => offset >= position) ?? value.length;
}

/** Letters (CJK included), digits and marks make words; blanks, punctuation and emoji separate them. */
function isWordCharacter(character: string): boolean {
	return /^[\p{L}\p{N}\p{M}_]/u.test(character);
}

/** Back over characters that are not in a word, then back to the start of the word (Alt-B; Ctrl-W with blanks as separators). */
function wordStartBefore(value: string, cursor: number, inWord: (character: string) => boolean): number {
	const characters = graphemesBefore(value, cursor);
	let index = characters.length;
	while (index > 0 && !inWord(characters[index - 1]!)) {
		index--;
	}
	while (index > 0 && inWord(characters[index - 1]!)) {
		index--;
	}
	return characters.slice(0, index).join('').length;
}

/** Forward over characters that are not in a word, then to the end of the word (Alt-F, as readline's forward-word). */
function wordEndAfter(value: string, cursor: number): number {
	const characters = graphemes(value.slice(cursor));
	let index = 0;
	while (index < characters.length && !isWordCharacter(characters[index]!)) {
		index++;
	}
	while (index < characters.length && isWordCharacter(characters[index]!)) {
		index++;
	}
	return cursor + characters.slice(0, index).join('').length;
}

function graphemesBefore(value: string, cursor: number): string[] {
	return graphemes(value.slice(0, cursor));
}
