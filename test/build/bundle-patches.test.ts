// runs once
// The build patches dependencies while bundling (scripts/bundle-patches.mjs): the patched code must
// give the same answers as the original.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import fc from 'fast-check';
import {Segmenter as GraphemeSegmenter} from 'unicode-segmenter/intl-adapter';
import originalStringWidth from 'string-width';
import {styledCharsFromTokens, styledCharsToString as originalToString, tokenize} from '@alcalzone/ansi-tokenize';
// Ink's internal module, by path: it is not in Ink's exports.
import OriginalOutput from '../../node_modules/ink/build/output.js';
// @ts-expect-error the build script is plain JavaScript without declarations
import {bundlePatches} from '../../scripts/bundle-patches.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'bundle-patches-'));
after(() => rmSync(work, {recursive: true, force: true}));

type OutputLike = {
	write(x: number, y: number, text: string, options: {transformers: unknown[]}): void;
	clip(clip: {x1?: number; x2?: number; y1?: number; y2?: number}): void;
	unclip(): void;
	get(): {output: string; height: number};
};
type OutputClass = new (options: {width: number; height: number}) => OutputLike;

type Patched = {
	stringWidth: (text: string) => number;
	styledCharsToString: typeof originalToString;
	Output: OutputClass;
	logUpdate: {create(stream: FakeTerminal): ((text: string) => boolean) & {clear(): void}};
	fullScreenKey: symbol;
	GraphemeSegmenter: typeof GraphemeSegmenter;
};

/** The least of a terminal the frame writer needs: absolute moves, erases and plain text, on a grid. */
class FakeTerminal {
	columns: number;
	rows: number;
	readonly isTTY = true;
	cells: string[][] = [];
	row = 0;
	column = 0;
	written = '';
	[key: symbol]: unknown;

	constructor(
		columns: number,
		rows: number,
		readonly interpret = true,
	) {
		this.columns = columns;
		this.rows = rows;
		this.clear();
	}

	clear(): void {
		this.cells = Array.from({length: this.rows}, () => Array.from({length: this.columns}, () => ' '));
	}

	write(data: string): boolean {
		this.written += data;
		if (!this.interpret) {
			return true;
		}
		// CSI with its parameters, or one plain character.
		for (const [, parameters, final, character] of data.matchAll(/\u001B\[([\d;?]*)([A-Za-z])|([^\u001B])/gu)) {
			if (character !== undefined) {
				if (this.column < this.columns) {
					this.cells[this.row]![this.column] = character;
					this.column++;
				}
				continue;
			}
			const [first = '', second = ''] = parameters!.split(';');
			if (final === 'H') {
				this.row = Math.max(0, Number(first || 1) - 1);
				this.column = Math.max(0, Number(second || 1) - 1);
			} else if (final === 'J' && first === '2') {
				this.clear();
			} else if (final === 'K' && first === '2') {
				this.cells[this.row]!.fill(' ');
			} else if (final !== 'l' && final !== 'h') {
				throw new Error(`FakeTerminal: unexpected CSI ${parameters}${final}`);
			}
		}
		return true;
	}

	screen(): string[] {
		return this.cells.map(cells => cells.join('').trimEnd());
	}
}

async function bundlePatched(): Promise<Patched> {
	const outfile = path.join(work, 'patched.mjs');
	await build({
		stdin: {
			contents: "export {default as stringWidth} from 'string-width';\nexport {styledCharsToString} from '@alcalzone/ansi-tokenize';\nexport {default as Output} from './node_modules/ink/build/output.js';\nexport {default as logUpdate, fullScreenKey} from './node_modules/ink/build/log-update.js';\nexport {Segmenter as GraphemeSegmenter} from 'unicode-segmenter/intl-adapter';\n",
			resolveDir: root,
			loader: 'js',
		},
		outfile,
		bundle: true,
		format: 'esm',
		platform: 'node',
		plugins: [bundlePatches],
		// Ink's cursor helpers reach CommonJS packages that require Node's built-ins.
		banner: {js: "import {createRequire as createRequireForBundle} from 'node:module'; const require = createRequireForBundle(import.meta.url);"},
		logLevel: 'error',
	});
	return (await import(pathToFileURL(outfile).href)) as Patched;
}

const patched = await bundlePatched();

describe('bundle patches', () => {
	it('string-width: the same width for every emoji-related code point and a sample of all others, alone and with VS16', () => {
		// Every code point takes ~2 minutes through the original; the patch only changes how emoji are recognised.
		const emojiRelated = /[\p{Emoji}\p{Extended_Pictographic}\p{Emoji_Component}\p{Regional_Indicator}]/u;
		const differences: string[] = [];
		for (let codePoint = 0; codePoint <= 0x10_ffff; codePoint++) {
			if ((codePoint >= 0xd8_00 && codePoint <= 0xdf_ff) || (codePoint % 61 !== 0 && !emojiRelated.test(String.fromCodePoint(codePoint)))) {
				continue;
			}
			for (const text of [String.fromCodePoint(codePoint), `${String.fromCodePoint(codePoint)}\uFE0F`]) {
				if (patched.stringWidth(text) !== originalStringWidth(text)) {
					differences.push(text);
				}
			}
		}
		assert.deepEqual(differences, []);
	});

	it('string-width: the same width for every flag pair, modifier sequence and keycap, with and without VS16', () => {
		const texts: string[] = [];
		const regional = (index: number) => String.fromCodePoint(0x1_f1_e6 + index);
		for (let first = 0; first < 26; first++) {
			for (let second = 0; second < 26; second++) {
				texts.push(regional(first) + regional(second), `${regional(first)}${regional(second)}\uFE0F`);
			}
		}
		const modifierBase = /^\p{Emoji_Modifier_Base}$/u;
		for (let codePoint = 0; codePoint <= 0x1_ff_ff; codePoint++) {
			const character = String.fromCodePoint(codePoint);
			if (modifierBase.test(character)) {
				for (let modifier = 0x1_f3_fb; modifier <= 0x1_f3_ff; modifier++) {
					texts.push(character + String.fromCodePoint(modifier), `${character}\uFE0F${String.fromCodePoint(modifier)}`);
				}
			}
		}
		for (const key of '0123456789#*a') {
			texts.push(`${key}\uFE0F\u20E3`, `${key}\u20E3`);
		}
		const differences = texts.filter(text => patched.stringWidth(text) !== originalStringWidth(text));
		assert.deepEqual(differences, []);
		assert.ok(texts.length > 2000, `${texts.length} sequences compared`);
	});

	it('string-width: the same width for emoji sequences, mixed text and repeated calls', () => {
		const samples = [
			'👨‍👩‍👧‍👦', '🏳️‍🌈', '🇫🇷', '🇫', '#️⃣', '1⃣', '👍🏽', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '❤️', '❤', '☺️', '📚 books', 'ñandú', '日本語テキスト',
			'مرحبا', '한국어', 'e\u0301', '\u001B[31mred\u001B[39m', '', 'plain ascii', '🧑🏿‍🚀 and ✈️',
			// ZWJ sequences with one pictograph (only the RGI test makes them double width), and ones that are not RGI.
			'🧑‍🦰', '👨‍⚕️', '👨‍⚕', '🏃‍➡️', '🐕‍🦺', '👁️‍🗨️', '🧔‍♂️', '🫱🏻‍🫲🏿', '🧑‍🧑‍🧒', '🏴‍☠️', 'a\u200Db', '🦰\u200D🦰', '🏴\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}\u{E007F}', '🏴\u{E0061}\u{E007F}',
		];
		for (const text of samples) {
			assert.equal(patched.stringWidth(text), originalStringWidth(text), JSON.stringify(text));
			assert.equal(patched.stringWidth(text), originalStringWidth(text), `${JSON.stringify(text)}, from the cache`);
		}
	});

	it('unicode-segmenter (in place of Intl.Segmenter in string-width, slice-ansi, ansi-tokenize and cells) splits graphemes as ICU does', () => {
		const icu = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
		const replacement = new GraphemeSegmenter(undefined, {granularity: 'grapheme'});
		const split = (segmenter: {segment(text: string): Iterable<{segment: string; index: number}>}, text: string) =>
			Array.from(segmenter.segment(text), ({segment, index}) => `${index}:${segment}`).join('|');
		const emojiRelated = /[\p{Emoji}\p{Extended_Pictographic}\p{Emoji_Component}\p{Regional_Indicator}\p{M}]/u;
		const differences: string[] = [];
		for (let codePoint = 0x20; codePoint <= 0x10_ffff; codePoint++) {
			if ((codePoint >= 0xd8_00 && codePoint <= 0xdf_ff) || (codePoint % 61 !== 0 && !emojiRelated.test(String.fromCodePoint(codePoint)))) {
				continue;
			}
			const character = String.fromCodePoint(codePoint);
			for (const text of [character, `a${character}b`, `${character}\uFE0F`, `👍${character}`, `${character}\u200D💻`, `${character}\u0301x`, `🇯${character}🇵`]) {
				if (split(icu, text) !== split(replacement, text)) {
					differences.push(text);
				}
			}
		}
		for (const text of ['👨‍👩‍👧‍👦 🇯🇵🇫🇷 1️⃣ 👍🏽 🏴󠁧󠁢󠁳󠁣󠁴󠁿', '한국어 ᄀᄀᄀ각ᆨᆨ', 'नमस्ते क्षत्रिय', 'e\u0301\u0302 \r\n x', 'مرحبا café naïve 東京']) {
			if (split(icu, text) !== split(replacement, text)) {
				differences.push(text);
			}
		}
		assert.deepEqual(differences, []);
	});

	it('unicode-segmenter, patched: printable ASCII and escapes cut unit by unit as ICU cuts them, other text as before', () => {
		const icu = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
		const fast = new patched.GraphemeSegmenter(undefined, {granularity: 'grapheme'});
		const split = (segmenter: {segment(text: string): Iterable<{segment: string; index: number; input: string}>}, text: string) =>
			Array.from(segmenter.segment(text), ({segment, index, input}) => `${index}:${segment}:${input === text}`).join('|');
		const asciiAndEscape = fc.string({unit: fc.oneof(fc.integer({min: 0x20, max: 0x7e}).map(code => String.fromCharCode(code)), fc.constant('\u001B'))});
		// The other side of the test: a text with any other unit (CR LF, a combining mark, an emoji) goes through the grapheme rules.
		const other = fc.tuple(asciiAndEscape, fc.constantFrom('\r\n', 'e\u0301', '👍🏽', '\t', '\u007F', 'ñ', '日本'), asciiAndEscape).map(parts => parts.join(''));
		fc.assert(
			fc.property(fc.oneof(asciiAndEscape, other), text => {
				assert.equal(split(fast, text), split(icu, text));
			}),
			{numRuns: 2000},
		);
		assert.equal(split(fast, '\u001B[7m> bob  5m  hello\u001B[27m'), split(icu, '\u001B[7m> bob  5m  hello\u001B[27m'));
	});

	it('ansi-tokenize: the same string for styled, unstyled and mixed rows', () => {
		const rows = [
			'plain row',
			'\u001B[1mbold\u001B[22m then plain',
			'\u001B[31mred \u001B[1mred bold\u001B[39m bold\u001B[22m',
			'\u001B[2m\u001B[1mdim bold\u001B[22m',
			'\u001B[7minverse to the end',
			'a\u001B[4mb\u001B[24mc\u001B[4md',
		];
		for (const row of rows) {
			const chars = styledCharsFromTokens(tokenize(row));
			assert.equal(patched.styledCharsToString(chars), originalToString(chars), JSON.stringify(row));
		}
	});

	it('Ink output: the same frames, frame after frame, with the cache shared between them', () => {
		const frames = [
			['  alice   2m  Hello 📚 world', '\u001B[7m> bob     5m  日本語のテキスト\u001B[27m', '  carol   9m  ñandú e\u0301'],
			['\u001B[7m  alice   2m  Hello 📚 world\u001B[27m', '> bob     5m  日本語のテキスト', '  carol   9m  ñandú e\u0301'],
			['  alice   2m  Hello 📚 world', '\u001B[7m> bob     5m  日本語のテキスト\u001B[27m', '  carol   9m  ñandú e\u0301'],
			['', 'a line much longer than the clip, cut at the edge of the box', '\u001B[31mred\u001B[39m'],
			// The same wide characters with other styles, then in other places: rows reused from the
			// last frame only when every cell is the same.
			['\u001B[31m日本語\u001B[39m', '日本語', '\u001B[7m日本語\u001B[27m'],
			['日本語', '\u001B[31m日本語\u001B[39m', '日本語'],
			['日本語', '\u001B[31m日本語\u001B[39m', '日本 語'],
			[' 日本語', '\u001B[31m日本語\u001B[39m', '日本 語'],
		];
		const draw = (Output: OutputClass, lines: string[]) => {
			const output = new Output({width: 40, height: 5});
			output.clip({x1: 0, x2: 38, y1: 0, y2: 4});
			for (const [index, line] of lines.entries()) {
				output.write(1, index, line, {transformers: []});
			}
			output.unclip();
			output.write(0, 4, 'status · 2 of 1,000,000', {transformers: []});
			return output.get();
		};
		for (const lines of [...frames, ...frames, ...[...frames].reverse()]) {
			assert.deepEqual(draw(patched.Output, lines), draw(OriginalOutput as OutputClass, lines), JSON.stringify(lines));
		}
		// Overlapping and multi-line writes, writes above, below and beside the grid and the clip, transformers.
		const shout = (line: string, index: number) => `${index}:${line.toUpperCase()}`;
		const layered = (Output: OutputClass, shift: number) => {
			const output = new Output({width: 30, height: 6});
			output.write(0, 0, 'first layer of the top row\nsecond row', {transformers: []});
			output.write(4 + shift, 0, '\u001B[32mover\u001B[39m 日本', {transformers: []});
			output.write(0, -1, 'above\nthe grid\nand in it', {transformers: []});
			output.write(2, 5, 'last row\nbelow the grid', {transformers: [shout]});
			output.clip({x1: 3, x2: 20, y1: 2, y2: 4});
			output.write(0, 1, 'clipped on every side\nof this box\nand here\nand gone', {transformers: [shout]});
			output.write(25, 3, 'right of the clip', {transformers: []});
			output.unclip();
			output.write(28, 4, '日本', {transformers: []});
			return output.get();
		};
		for (const shift of [0, 1, 0, 2, 0]) {
			assert.deepEqual(layered(patched.Output, shift), layered(OriginalOutput as OutputClass, shift), `shift ${shift}`);
		}
	});

	it('Ink frames on the alternate screen: only changed rows are written, and the screen shows each frame exactly', () => {
		fc.assert(
			fc.property(
				fc.array(fc.array(fc.string({unit: fc.constantFrom('a', 'b', ' ', '€'), maxLength: 12}), {minLength: 1, maxLength: 7}), {minLength: 1, maxLength: 8}),
				frames => {
					const terminal = new FakeTerminal(12, 8);
					terminal[patched.fullScreenKey] = true;
					const log = patched.logUpdate.create(terminal);
					for (const lines of frames) {
						log(`${lines.join('\n')}\n`);
						const expected = [...lines.map(line => line.trimEnd()), ...Array.from({length: terminal.rows - lines.length}, () => '')];
						assert.deepEqual(terminal.screen(), expected);
						// Where Ink's own write leaves it: the row below the frame.
						assert.deepEqual([terminal.row, terminal.column], [lines.length, 0]);
					}
				},
			),
		);
		const terminal = new FakeTerminal(20, 6);
		terminal[patched.fullScreenKey] = true;
		const log = patched.logUpdate.create(terminal);
		log('header\nrow one\nrow two\nstatus\n');
		terminal.written = '';
		log('header\nrow one\nrow 2\nstatus\n');
		assert.equal(terminal.written, '\u001B[3;1H\u001B[2Krow 2\u001B[5;1H');
		// At a new size the terminal may have cut or moved rows: the next frame redraws all of them.
		terminal.columns = 30;
		terminal.written = '';
		log('header\nrow one\nrow 2\nstatus, wider\n');
		assert.match(terminal.written, /^\u001B\[H\u001B\[2J/u);
		assert.deepEqual(terminal.screen().slice(0, 5), ['header', 'row one', 'row 2', 'status, wider', '']);
		// Off the alternate screen (no mark), Ink's own write: erase the previous lines, write them all.
		const plain = new FakeTerminal(20, 6, false);
		const plainLog = patched.logUpdate.create(plain);
		plainLog('one\ntwo\n');
		plain.written = '';
		plainLog('one\n2\n');
		assert.ok(plain.written.endsWith('one\n2\n'));
		assert.ok(!plain.written.includes(';1H'));
	});

	it('yoga-layout: loads synchronously in a CommonJS bundle and lays out a tree as the original does', async () => {
		const outfile = path.join(work, 'yoga.cjs');
		await build({
			stdin: {contents: "module.exports = require('yoga-layout');\n", resolveDir: root, loader: 'js'},
			outfile,
			bundle: true,
			// CommonJS, as the CLI's bundle: no top-level await possible, so the patch must be synchronous.
			format: 'cjs',
			platform: 'node',
			plugins: [bundlePatches],
			logLevel: 'error',
		});
		type YogaNode = {
			setWidth(width: number): void;
			setHeight(height: number): void;
			setFlexDirection(direction: number): void;
			setFlexGrow(grow: number): void;
			setPadding(edge: number, padding: number): void;
			insertChild(child: YogaNode, index: number): void;
			calculateLayout(width?: number, height?: number, direction?: number): void;
			getComputedLayout(): {left: number; top: number; width: number; height: number};
		};
		type YogaModule = {Node: {create(): YogaNode}; FLEX_DIRECTION_ROW: number; EDGE_ALL: number; DIRECTION_LTR: number};
		const require = createRequire(import.meta.url);
		const patchedYoga = (require(outfile) as {default: YogaModule}).default;
		const originalYoga = (await import('yoga-layout')).default as unknown as YogaModule;
		const layout = (yoga: YogaModule) => {
			const rootNode = yoga.Node.create();
			rootNode.setWidth(100);
			rootNode.setHeight(40);
			rootNode.setFlexDirection(yoga.FLEX_DIRECTION_ROW);
			rootNode.setPadding(yoga.EDGE_ALL, 1);
			const children = [1, 2, 3].map(grow => {
				const child = yoga.Node.create();
				child.setFlexGrow(grow);
				return child;
			});
			children.forEach((child, index) => rootNode.insertChild(child, index));
			rootNode.calculateLayout(100, 40, yoga.DIRECTION_LTR);
			return [rootNode, ...children].map(node => node.getComputedLayout());
		};
		const expected = layout(originalYoga);
		assert.deepEqual(layout(patchedYoga), expected);
		assert.equal(expected[3]!.width, 49);
	});

	it("Sequelize's validators (the library loads on first use): the same answers as the original", async () => {
		const outfile = path.join(work, 'validator-extras.cjs');
		await build({
			stdin: {contents: "module.exports = require('sequelize/lib/utils/validator-extras').validator;\n", resolveDir: root, loader: 'js'},
			outfile,
			bundle: true,
			format: 'cjs',
			platform: 'node',
			plugins: [bundlePatches],
			logLevel: 'error',
		});
		type Validators = Record<string, unknown>;
		const require = createRequire(import.meta.url);
		const patchedValidator = require(outfile) as Validators;
		const originalValidator = (require('sequelize/lib/utils/validator-extras') as {validator: Validators}).validator;
		const calls: Array<[string, ...unknown[]]> = [
			['isEmail', 'ann@example.com'],
			['isEmail', 'not an address'],
			['is', 'bob_1', /^[A-Za-z0-9_.-]{1,64}$/],
			['is', 'no spaces allowed', '^\\S+$'],
			['not', 'abc', 'b'],
			['len', 'hello', 1, 4],
			['notEmpty', '  '],
			['isNull', ''],
			['isIn', 'b', ['a', 'b']],
			['notIn', 'b', ['a', 'b']],
			['isInt', '42'],
			['isDate', '2026-11-24'],
			['isUrl', 'https://example.com'],
			['contains', 'microblog', 'blog'],
		];
		for (const [name, ...args] of calls) {
			assert.equal(typeof patchedValidator[name], 'function', name);
			assert.equal(name in patchedValidator, true, name);
			const answer = (validator: Validators) => Boolean((validator[name] as (...parameters: unknown[]) => unknown)(...args));
			assert.equal(answer(patchedValidator), answer(originalValidator), `${name}(${JSON.stringify(args)})`);
		}
		assert.equal(typeof patchedValidator.noSuchValidator, 'undefined');
	});
});
