// runs once: parsing only, no database.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {BracketedPaste, pasteAsLine, pasteKeepLimit} from '../../../source/ui/input/bracketed-paste.js';
import type {InputEvent, KeyFlags} from '../../../source/ui/input/bracketed-paste.js';

const none: KeyFlags = {ctrl: false, meta: false, escape: false, tab: false, return: false, upArrow: false, downArrow: false, leftArrow: false, rightArrow: false};

/** The events useInput gives for what Ink read, as (input, key) pairs: see the note in bracketed-paste.ts. */
function feed(parser: BracketedPaste, ...events: Array<string | [string, Partial<KeyFlags>]>): Array<InputEvent<KeyFlags>> {
	return events.flatMap(event => (typeof event === 'string' ? parser.take(event, none) : parser.take(event[0], {...none, ...event[1]})));
}

describe('bracketed paste', () => {
	it('gives keys outside a paste as they came', () => {
		const parser = new BracketedPaste();
		assert.deepEqual(feed(parser, 's', ['', {return: true}]), [
			{kind: 'key', input: 's', key: none},
			{kind: 'key', input: '', key: {...none, return: true}},
		]);
	});

	it('gives a paste as one event, on one line, never as Enter or commands', () => {
		const parser = new BracketedPaste();
		assert.deepEqual(feed(parser, '[200~', 'first line\nsecond\r\nthird\rs\tq', '[201~'), [{kind: 'paste', text: 'first line second third s q'}]);
		assert.equal(parser.pasting, false);
	});

	it('gathers a paste over many chunks, a lone CR, LF or tab among them', () => {
		const parser = new BracketedPaste();
		assert.deepEqual(feed(parser, '[200~', 'one', ['\r', {return: true}], 'two', ['\n', {}], ['', {tab: true}], 'three', '[201~'), [{kind: 'paste', text: 'one two  three'}]);
	});

	it('finds the end mark when a chunk ended inside it (Ink then flushes `[20` on its own)', () => {
		for (const cut of [1, 2, 3, 4]) {
			const parser = new BracketedPaste();
			const events = feed(parser, '[200~', 'abc', '[201~'.slice(0, cut), `${'[201~'.slice(cut)}jk`);
			assert.deepEqual(events, [{kind: 'paste', text: 'abc'}, {kind: 'typed', text: 'jk'}], `cut after ${cut}`);
		}
	});

	it('an ESC cut from its sequence is dropped; the ESC before `[201~` may come alone', () => {
		const parser = new BracketedPaste();
		assert.deepEqual(feed(parser, '[200~', 'x', ['', {escape: true, meta: true}], '[201~', 'q'), [
			{kind: 'paste', text: 'x'},
			{kind: 'key', input: 'q', key: none},
		]);
	});

	it('keeps text that only looks like the start of the end mark', () => {
		const parser = new BracketedPaste();
		assert.deepEqual(feed(parser, '[200~', 'a', '[2', 'x]', '[201~'), [{kind: 'paste', text: 'a[2x]'}]);
	});

	it('keeps at most pasteKeepLimit of a megabyte, and still sees its end', () => {
		const parser = new BracketedPaste();
		const chunk = 'é'.repeat(4096);
		const events = feed(parser, '[200~', ...Array.from({length: 256}, () => chunk), '[201~');
		assert.equal(events.length, 1);
		const [paste] = events;
		assert.equal(paste?.kind === 'paste' && paste.text.length, pasteKeepLimit);
	});

	it('Ctrl-C ends a paste that never ended, and still quits', () => {
		const parser = new BracketedPaste();
		assert.deepEqual(feed(parser, '[200~', 'half', ['c', {ctrl: true}]), [
			{kind: 'paste', text: 'half'},
			{kind: 'key', input: 'c', key: {...none, ctrl: true}},
		]);
		assert.equal(parser.pasting, false);
	});

	it('a start mark with a modifier is a key, not a paste', () => {
		const parser = new BracketedPaste();
		assert.equal(feed(parser, ['[200~', {meta: true}])[0]?.kind, 'key');
	});

	it('pasteAsLine: CR LF is one space', () => {
		assert.equal(pasteAsLine('a\r\nb\n\nc'), 'a b  c');
	});
});
