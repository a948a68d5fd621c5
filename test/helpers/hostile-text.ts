import fc from 'fast-check';

/*
 * Generators of text a hostile (or merely unusual) client can store: escape
 * sequences of every family, 7- and 8-bit, terminated or not, control
 * characters, bidi and zero-width characters, and the wide or joined
 * characters that make terminal widths hard (CJK, combining marks, emoji ZWJ
 * sequences, flags).
 */

const char = (codePoint: number) => String.fromCodePoint(codePoint);
const charIn = (from: number, to: number) => fc.integer({min: from, max: to}).map(char);

const csi = fc
	.tuple(
		fc.constantFrom('\u001B[', '\u009B'),
		fc.array(fc.integer({min: 0, max: 999}), {maxLength: 4}).map(numbers => numbers.join(';')),
		fc.constantFrom('', '?', '>', ' ', '!'),
		// Final bytes, among them cursor moves (A–H), erase (J, K), SGR (m), and none at all (unterminated).
		fc.oneof(charIn(0x40, 0x7e), fc.constantFrom('H', 'J', 'K', 'm', 'A', 'D', '')),
	)
	.map(([introducer, parameters, intermediate, final]) => `${introducer}${parameters}${intermediate}${final}`);

const stringTerminator = fc.constantFrom('\u0007', '\u001B\\', '\u009C', '');

const osc = fc
	.tuple(
		fc.constantFrom('\u001B]', '\u009D'),
		fc.constantFrom('0;', '2;', '8;;', '8;id=x;', '52;c;', '52;p;?'),
		fc.constantFrom('pwned', 'http://evil.example/', 'cm0gLXJmIH4=', '', 'a\u001B'),
		stringTerminator,
	)
	.map(parts => parts.join(''));

/** DCS, SOS, PM and APC in their 7- and 8-bit forms. */
const stringSequence = fc
	.tuple(
		fc.constantFrom('\u001BP', '\u0090', '\u001BX', '\u0098', '\u001B^', '\u009E', '\u001B_', '\u009F'),
		fc.constantFrom('1$r', '+q544e', 'Gq=1;AAAA', 'payload', ''),
		stringTerminator,
	)
	.map(parts => parts.join(''));

/** Other ESC pairs: charset selection, keypad modes, save/restore cursor, reset, a lone ESC. */
const escapePair = fc.constantFrom('\u001B(0', '\u001B)B', '\u001B=', '\u001B>', '\u001B7', '\u001B8', '\u001Bc', '\u001BD', '\u001BM', '\u001B#8', '\u001B');

const c0 = fc.oneof(charIn(0x00, 0x1f), fc.constantFrom('\r', '\b', '\t', '\u0000', '\u007F', '\r\n', '\n'));
const c1 = charIn(0x80, 0x9f);
const bidi = fc.constantFrom('\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C');
const zeroWidth = fc.constantFrom('\u200B', '\u200C', '\u200D', '\uFEFF', '\u2060');
const lineSeparator = fc.constantFrom('\u2028', '\u2029', '\u0085');

const combining = fc
	.tuple(fc.constantFrom('a', 'e', 'Z', 'ñ', ''), fc.array(charIn(0x0300, 0x036f), {minLength: 1, maxLength: 6}))
	.map(([base, marks]) => base + marks.join(''));

const cjk = fc.oneof(charIn(0x4e00, 0x9fff), charIn(0xac00, 0xd7a3), charIn(0x3040, 0x30ff), charIn(0xff01, 0xff60));

const emoji = fc.oneof(
	fc.constantFrom(
		'👨‍👩‍👧‍👦',
		'🏳️‍🌈',
		'🧑🏽‍💻',
		'👍🏽',
		'❤️',
		'1️⃣',
		'🇯🇵',
		'🇺🇳',
		'🏴‍☠️',
		'🇦', // a lone regional indicator
	),
	// Random ZWJ chains and flag pairs.
	fc.array(charIn(0x1f300, 0x1f64f), {minLength: 2, maxLength: 4}).map(parts => parts.join('\u200D')),
	fc.tuple(charIn(0x1f1e6, 0x1f1ff), charIn(0x1f1e6, 0x1f1ff)).map(([a, b]) => a + b),
);

const plain = fc.string({minLength: 1, maxLength: 12});

/** One piece of hostile text. */
export const hostilePiece: fc.Arbitrary<string> = fc.oneof(
	csi,
	osc,
	stringSequence,
	escapePair,
	c0,
	c1,
	bidi,
	zeroWidth,
	lineSeparator,
	combining,
	cjk,
	emoji,
	plain,
);

/** Pieces a person can type into a field (the forms drop controls): wide, joined and invisible characters. */
export const typeablePiece: fc.Arbitrary<string> = fc.oneof(combining, cjk, emoji, zeroWidth, fc.string({minLength: 1, maxLength: 4, unit: fc.constantFrom(...'abcxyz019_.-')}));

function limitCodePoints(text: string, limit: number): string {
	return Array.from(text).slice(0, limit).join('');
}

/** A string of hostile pieces, at most `limit` code points (what a VARCHAR(limit) column holds on PostgreSQL). */
export function hostileText(limit: number, maxPieces = 16): fc.Arbitrary<string> {
	return fc.array(hostilePiece, {minLength: 1, maxLength: maxPieces}).map(pieces => limitCodePoints(pieces.join(''), limit));
}

/** Anything that could reach the terminal as a control: ESC, C0 (but line feed), DEL, C1, bidi controls. */
export const forbiddenInFrame = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** The SGR sequences the app itself writes when colour is on. */
export const sgr = /\u001B\[[0-9;]*m/g;
