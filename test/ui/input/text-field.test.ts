import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {editField, emptyField, fieldAtEnd, fieldCursor} from '../../../source/ui/input/text-field.js';
import type {FieldEdit, TextField} from '../../../source/ui/input/text-field.js';

/** The field written with `|` where the cursor is, e.g. `ab|c`. */
function field(marked: string): TextField {
	const cursor = marked.indexOf('|');
	assert.ok(cursor >= 0, `no cursor in ${marked}`);
	return {value: marked.slice(0, cursor) + marked.slice(cursor + 1), cursor};
}

function marked(edited: TextField): string {
	return `${edited.value.slice(0, edited.cursor)}|${edited.value.slice(edited.cursor)}`;
}

/** Presses the keys (a name from keyName, or typed text) one after the other; the field as `ab|c` after them. */
function after(start: string, ...keys: string[]): string {
	let current = field(start);
	for (const key of keys) {
		const edit = editField(current, key, /^[a-z]+(-[a-z])?$/.test(key) && key.length > 1 ? '' : key, 'field', undefined);
		if (edit && edit !== 'unchanged') {
			current = edit.field;
		}
	}
	return marked(current);
}

const family = '👨‍👩‍👧'; // man ZWJ woman ZWJ girl: one grapheme of 8 code units
const flag = '🇯🇵'; // two regional indicators
const accented = 'e\u0301'; // é as e + COMBINING ACUTE ACCENT
const thumbs = '👍🏽'; // emoji + skin-tone modifier

describe('the text field model', () => {
	it('types at the cursor, not at the end', () => {
		assert.equal(after('helo|', 'left', 'l'), 'hell|o');
		assert.equal(after('|world', 'hello '), 'hello |world');
	});

	it('moves with ←/→, Home/End and Ctrl-A/Ctrl-E, and stops at the ends', () => {
		assert.equal(after('abc|', 'left', 'left'), 'a|bc');
		assert.equal(after('a|bc', 'right'), 'ab|c');
		assert.equal(after('abc|', 'left', 'left', 'left', 'left'), '|abc');
		assert.equal(after('ab|c', 'right', 'right'), 'abc|');
		assert.equal(after('ab|c', 'home'), '|abc');
		assert.equal(after('a|bc', 'end'), 'abc|');
		assert.equal(after('ab|c', 'ctrl-a'), '|abc');
		assert.equal(after('a|bc', 'ctrl-e'), 'abc|');
	});

	it('deletes back with Backspace and forward with Delete and Ctrl-D', () => {
		assert.equal(after('ab|c', 'backspace'), 'a|c');
		assert.equal(after('|abc', 'backspace'), '|abc');
		assert.equal(after('a|bc', 'delete'), 'a|c');
		assert.equal(after('abc|', 'delete'), 'abc|');
		assert.equal(after('a|bc', 'ctrl-d'), 'a|c');
	});

	it('deletes a word back with Ctrl-W, to the start with Ctrl-U, to the end with Ctrl-K', () => {
		assert.equal(after('one two  |three', 'ctrl-w'), 'one |three');
		assert.equal(after('one two|', 'ctrl-w', 'ctrl-w'), '|');
		assert.equal(after('one two|', 'ctrl-w'), 'one |');
		assert.equal(after('one t|wo', 'ctrl-u'), '|wo');
		assert.equal(after('one t|wo', 'ctrl-k'), 'one t|');
	});

	it('moves by word with Alt-B and Alt-F', () => {
		assert.equal(after('one two three|', 'meta-b'), 'one two |three');
		assert.equal(after('one two three|', 'meta-b', 'meta-b'), 'one |two three');
		assert.equal(after('one, two|', 'meta-b', 'meta-b'), '|one, two');
		assert.equal(after('|one two three', 'meta-f'), 'one| two three');
		assert.equal(after('one| two three', 'meta-f'), 'one two| three');
		assert.equal(after('one two|', 'meta-f'), 'one two|');
	});

	it('moves over and deletes an emoji ZWJ sequence, a flag, a combining accent and a skin tone as one character', () => {
		for (const grapheme of [family, flag, accented, thumbs]) {
			assert.equal(after(`a${grapheme}|b`, 'left'), `a|${grapheme}b`, grapheme);
			assert.equal(after(`a|${grapheme}b`, 'right'), `a${grapheme}|b`, grapheme);
			assert.equal(after(`a${grapheme}|b`, 'backspace'), 'a|b', grapheme);
			assert.equal(after(`a|${grapheme}b`, 'delete'), 'a|b', grapheme);
		}
	});

	it('moves over CJK one character at a time, and takes a run of it as a word', () => {
		assert.equal(after('日本語|', 'left'), '日本|語');
		assert.equal(after('日本語|', 'backspace'), '日本|');
		assert.equal(after('東京 日本語|', 'meta-b'), '東京 |日本語');
		assert.equal(after('東京 日本語|', 'ctrl-w'), '東京 |');
	});

	it('keeps the cursor on a character boundary when typing joins characters', () => {
		// A combining accent typed after e joins it: the cursor is after the é.
		assert.equal(after('e|x', '\u0301'), `${accented}|x`);
		// A ZWJ between two emoji makes one: the cursor does not sit inside it.
		const joined = after('👨|👩', '\u200D');
		assert.equal(joined, '👨‍👩|');
	});

	it('keeps the capacity and says so; a full field takes no more, at no cost', () => {
		const full = fieldAtEnd('x'.repeat(1024));
		const typed = editField({...full, cursor: 10}, 'abc', 'abc', 'field', undefined);
		assert.ok(typed && typed !== 'unchanged');
		assert.equal(typed.field.value, full.value);
		assert.equal(typed.note, 'the field holds at most 1024 characters: the rest was left out');
		// The note is up already: more text changes nothing, so no frame is drawn.
		assert.equal(editField(typed.field, 'more', 'more', 'field', typed.note), 'unchanged');
		const room = editField(fieldAtEnd('ab'), 'x'.repeat(1_000_000), 'x'.repeat(1_000_000), 'draft', undefined) as Exclude<FieldEdit, 'unchanged' | undefined>;
		assert.equal([...room.field.value].length, 340);
		assert.equal(room.note, 'the draft holds at most 340 characters: the rest was left out');
		assert.equal(room.field.cursor, room.field.value.length);
	});

	it('fills a field to its capacity at the cursor', () => {
		const start = {value: 'x'.repeat(338), cursor: 1};
		const edit = editField(start, 'abc', 'abc', 'filter', undefined) as Exclude<FieldEdit, 'unchanged' | undefined>;
		assert.equal(edit.field.value, `xab${'x'.repeat(337)}`);
		assert.equal(edit.field.cursor, 3);
	});

	it('answers keys that are not editing keys with undefined, and editing keys that change nothing with unchanged', () => {
		for (const name of ['enter', 'escape', 'tab', 'up', 'down', 'pageup']) {
			assert.equal(editField(fieldAtEnd('abc'), name, '', 'field', undefined), undefined, name);
		}
		assert.equal(editField(emptyField, 'ctrl-d', '', 'field', undefined), 'unchanged');
		assert.equal(editField(emptyField, 'backspace', '', 'field', undefined), 'unchanged');
		assert.equal(editField(fieldAtEnd('abc'), 'right', '', 'field', undefined), 'unchanged');
		// A move clears a note about the capacity: it was about the last text typed.
		const moved = editField(fieldAtEnd('abc'), 'left', '', 'field', 'a note');
		assert.ok(moved && moved !== 'unchanged');
		assert.equal(moved.note, undefined);
	});

	it('sanitises typed text: no escape or control character gets in', () => {
		const edit = editField(emptyField, 'a\u001B[31mb\u0007c', 'a\u001B[31mb\u0007c', 'field', undefined) as Exclude<FieldEdit, 'unchanged' | undefined>;
		assert.doesNotMatch(edit.field.value, /[\u0000-\u001F\u007F]/);
		assert.equal(edit.field.cursor, edit.field.value.length);
	});

	it('puts the cursor of a field written from outside at its end', () => {
		assert.deepEqual(fieldAtEnd(`h${accented}llo`), {value: `h${accented}llo`, cursor: 6});
		assert.equal(fieldCursor('abc', undefined), 3);
		assert.equal(fieldCursor('abc', 1), 1);
		assert.equal(fieldCursor('abc', 9), 3);
	});
});
