// Build-time patches to Ink and meow, applied by esbuild while bundling (nothing in node_modules changes).
// Each patch names the exact text it replaces and fails the build when that text is gone, so an
// Ink upgrade is checked by hand instead of silently losing the patch.
import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';

const topLevelStringWidth = fileURLToPath(new URL('../node_modules/string-width/index.js', import.meta.url));

// Appended to a patched ES module (imports are hoisted wherever they stand).
const graphemeSegmenterImport = "\nimport {Segmenter as GraphemeSegmenter} from 'unicode-segmenter/intl-adapter';\n";

const patches = [
	{
		file: /[\\/]node_modules[\\/]ink[\\/]build[\\/]output\.js$/,
		// Ink 6.8 makes new tokenize/width caches for every frame, then fills a blank grid of cell
		// objects for the whole screen and turns every row of it back into a string, on every key
		// press (~70% of a key press, profiled), though a key press changes two rows, or shifts them
		// all by one when the list scrolls. A row of the output is a pure function of the screen width
		// and of the (x, text) writes that reach it, in order (each line of a write lands on one row,
		// after clipping and transformers), so get() below collects those writes per row, and draws
		// and stringifies a row only for a combination it has not drawn before. One cache shared by
		// all frames, emptied when it grows. Ink's own get() stays as `originalGet`, so the patch
		// replaces one line; test/build/bundle-patches.test.ts compares the two.
		replacements: [
			['caches = new OutputCaches();', 'caches = sharedOutputCaches();'],
			['    get() {\n', '    get() {\n        return patchedGet.call(this);\n    }\n    originalGet() {\n'],
		],
		append: `
const blankCell = Object.freeze({type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([])});
const sharedCaches = new OutputCaches();
// The tokenised text of a write, by its text: the same author and age texts come back in many
// rows. Bounded: a long session scrolls through many distinct texts, and one entry is ~100 cell
// objects (~8 KB).
const maxCachedLines = 500;
function sharedOutputCaches() {
	if (sharedCaches.styledChars.size > maxCachedLines || sharedCaches.widths.size > maxCachedLines * 4) {
		sharedCaches.styledChars.clear();
		sharedCaches.widths.clear();
		sharedCaches.blockWidths.clear();
	}
	return sharedCaches;
}
const drawnRows = new Map();
function patchedGet() {
	const rowWrites = [];
	for (let y = 0; y < this.height; y++) {
		rowWrites.push([]);
	}
	const clips = [];
	for (const operation of this.operations) {
		if (operation.type === 'clip') {
			clips.push(operation.clip);
		}
		if (operation.type === 'unclip') {
			clips.pop();
		}
		if (operation.type === 'write') {
			const {text, transformers} = operation;
			let {x, y} = operation;
			let lines = text.split('\\n');
			const clip = clips.at(-1);
			if (clip) {
				const clipHorizontally = typeof clip?.x1 === 'number' && typeof clip?.x2 === 'number';
				const clipVertically = typeof clip?.y1 === 'number' && typeof clip?.y2 === 'number';
				if (clipHorizontally) {
					const width = this.caches.getWidestLine(text);
					if (x + width < clip.x1 || x > clip.x2) {
						continue;
					}
				}
				if (clipVertically) {
					const height = lines.length;
					if (y + height < clip.y1 || y > clip.y2) {
						continue;
					}
				}
				if (clipHorizontally) {
					lines = lines.map(line => {
						const from = x < clip.x1 ? clip.x1 - x : 0;
						const width = this.caches.getStringWidth(line);
						const to = x + width > clip.x2 ? clip.x2 - x : width;
						return sliceAnsi(line, from, to);
					});
					if (x < clip.x1) {
						x = clip.x1;
					}
				}
				if (clipVertically) {
					const from = y < clip.y1 ? clip.y1 - y : 0;
					const height = lines.length;
					const to = y + height > clip.y2 ? clip.y2 - y : height;
					lines = lines.slice(from, to);
					if (y < clip.y1) {
						y = clip.y1;
					}
				}
			}
			let offsetY = 0;
			for (let [index, line] of lines.entries()) {
				const writes = rowWrites[y + offsetY];
				// As in Ink: a line outside the grid is skipped without moving to the next row.
				if (!writes) {
					continue;
				}
				for (const transformer of transformers) {
					line = transformer(line, index);
				}
				writes.push(x, line);
				offsetY++;
			}
		}
	}
	const rows = [];
	for (const writes of rowWrites) {
		let key = String(this.width);
		for (let index = 0; index < writes.length; index += 2) {
			key += '\\u0000' + writes[index] + '\\u0001' + writes[index + 1];
		}
		let row = drawnRows.get(key);
		if (row === undefined) {
			row = drawRow(this.width, writes, this.caches);
			if (drawnRows.size >= 2000) {
				drawnRows.clear();
			}
			drawnRows.set(key, row);
		}
		rows.push(row);
	}
	return {output: rows.join('\\n'), height: rowWrites.length};
}
function drawRow(width, writes, caches) {
	// Cells are only replaced and read, never changed, so one frozen blank serves them all.
	const line = new Array(width).fill(blankCell);
	for (let index = 0; index < writes.length; index += 2) {
		let offsetX = writes[index];
		for (const character of caches.getStyledChars(writes[index + 1])) {
			line[offsetX] = character;
			const characterWidth = Math.max(1, caches.getStringWidth(character.value));
			for (let covered = 1; covered < characterWidth; covered++) {
				line[offsetX + covered] = {type: 'char', value: '', fullWidth: false, styles: character.styles};
			}
			offsetX += characterWidth;
		}
	}
	// See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742
	return styledCharsToString(line.filter(item => item !== undefined)).trimEnd();
}
`,
	},
	{
		file: /[\\/]node_modules[\\/]meow[\\/]build[\\/]options\.js$/,
		// The CLI passes its package.json fields to meow (`pkg`), so meow never searches for and
		// normalises a package.json; without these two imports esbuild drops the read-pkg /
		// normalize-package-data / spdx code (~240 KB) that every start parsed and evaluated.
		replacements: [
			[
				"import { a as readPackageUpSync, n as normalizePackageData } from './dependencies.js';",
				"const readPackageUpSync = () => { throw new Error('meow: pass options.pkg (package.json is not read at run time)'); };\nconst normalizePackageData = () => undefined;",
			],
		],
	},
	{
		file: /[\\/]node_modules[\\/]meow[\\/]build[\\/]dependencies\.js$/,
		// meow's vendored bundle evaluates @babel/code-frame and normalize-package-data (with the
		// SPDX licence lists) when it loads, for every start. Required where used instead, the
		// unused code becomes dead and esbuild drops it.
		replacements: [
			['var libExports = requireLib$1();', ''],
			['return libExports.codeFrameColumns(', 'return requireLib$1().codeFrameColumns('],
			[
				'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);',
				'const normalizePackageData = (...args) => getDefaultExportFromCjs(requireNormalize())(...args);',
			],
			// A leftover of a vendored package whose result is thrown away; the call kept node:child_process
			// (and node:net under it, ~6 ms) in every start.
			["import { execFile } from 'node:child_process';", ''],
			['promisify(execFile);', ''],
		],
	},
	{
		file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
		// wrap-ansi's older nested copy is not bundled at all (see onResolve below).
		topLevelOnly: true,
		// Ink measures every text node with widest-line → string-width on every frame (profiled at
		// ~30% of a key press after the output cache), and string-width walks graphemes through
		// Unicode-property regexes. The same row strings come back frame after frame: remember
		// widths (default options only), emptied when the map grows.
		// Also: V8 builds /^\p{RGI_Emoji}$/v (thousands of strings) when the module loads and
		// compiles it at its first tests, ~55 ms and then ~12 ms more on this machine, on every start
		// that shows one emoji sequence (profiled at 60 ms of `--list` on the benchmark's data).
		// RGI_Emoji is the union of six smaller sets, and each multi-code-point member carries the
		// character its set is made of (ZWJ, a tag, a regional indicator, U+20E3, a skin-tone modifier,
		// else VS16), so a cluster is tested only against the sets it can belong to, each compiled when
		// first needed (0–3 ms; 25 ms for the ZWJ set). A single code point is an RGI emoji exactly when
		// it has Emoji_Presentation and is not a lone regional indicator (checked against V8's set for
		// every code point). ZWJ clusters with two pictographs are double width without the RGI test
		// (string-width's own rule), so that test now runs first and the ZWJ set is rarely built.
		append: graphemeSegmenterImport,
		replacements: [
			['const segmenter = new Intl.Segmenter();', 'const segmenter = new GraphemeSegmenter();'],
			[
				'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
				`const emojiPresentation = /^\\p{Emoji_Presentation}$/u;
const regionalIndicator = /^\\p{Regional_Indicator}$/u;
const emojiPart = /[\\p{Extended_Pictographic}\\p{Emoji_Component}]/u;
const rgiSets = [
	[/\\u200D/, () => /^\\p{RGI_Emoji_ZWJ_Sequence}$/v],
	[/[\\u{E0020}-\\u{E007F}]/u, () => /^\\p{RGI_Emoji_Tag_Sequence}$/v],
	[/\\p{Regional_Indicator}/u, () => /^\\p{RGI_Emoji_Flag_Sequence}$/v],
	[/\\u20E3/, () => /^\\p{Emoji_Keycap_Sequence}$/v],
	[/[\\u{1F3FB}-\\u{1F3FF}]/u, () => /^\\p{RGI_Emoji_Modifier_Sequence}$/v],
	[/\\uFE0F/, () => /^\\p{Basic_Emoji}$/v],
].map(([mark, build]) => ({mark, build, regex: undefined}));
function isRgiEmoji(segment) {
	if (segment.length === (segment.codePointAt(0) > 0xFFFF ? 2 : 1)) {
		return emojiPresentation.test(segment) && !regionalIndicator.test(segment);
	}
	if (!emojiPart.test(segment)) {
		return false;
	}
	for (const set of rgiSets) {
		if (set.mark.test(segment)) {
			set.regex ??= set.build();
			if (set.regex.test(segment)) {
				return true;
			}
		}
	}
	return false;
}`,
			],
			['if (rgiEmojiRegex.test(segment) || isDoubleWidthNonRgiEmojiSequence(segment)) {', 'if (isDoubleWidthNonRgiEmojiSequence(segment) || isRgiEmoji(segment)) {'],
			[
				'export default function stringWidth(input, options = {}) {',
				`const widthCache = new Map();
export default function stringWidth(input, options) {
	if (options !== undefined || typeof input !== 'string') {
		return measureStringWidth(input, options);
	}
	let width = widthCache.get(input);
	if (width === undefined) {
		if (widthCache.size >= 10000) {
			widthCache.clear();
		}
		width = measureStringWidth(input);
		widthCache.set(input, width);
	}
	return width;
}
function measureStringWidth(input, options = {}) {`,
			],
		],
	},
	{
		file: /[\\/]node_modules[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/,
		// Each row Ink draws is turned back into a string cell by cell, and for every cell
		// diffAnsiCodes builds three Sets and several arrays, even when the cell has the same
		// styles as its neighbour (nearly always). Equal styles have an empty diff: skip it.
		replacements: [
			[
				'ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));',
				'if (!sameStyles(chars[i - 1].styles, char.styles)) {\n\t\t\t\tret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));\n\t\t\t}',
			],
			[
				'if (i === chars.length - 1) {',
				'if (i === chars.length - 1 && char.styles.length > 0) {',
			],
		],
		append: `
function sameStyles(from, to) {
	if (from === to) {
		return true;
	}
	if (from.length !== to.length) {
		return false;
	}
	for (let index = 0; index < from.length; index++) {
		if (from[index].code !== to[index].code || from[index].endCode !== to[index].endCode) {
			return false;
		}
	}
	return true;
}
`,
	},
];

// yoga-layout (Ink's layout engine) loads its inline wasm with a top-level await, which a
// CommonJS bundle cannot hold (the build is CommonJS for V8's code cache, see build.mjs). The
// emscripten glue can take the instance synchronously: the wasm bytes are decoded from base64
// synchronously (wa()), and once the instance is received no run dependency is left, so the
// runtime initialises the module object before loadYoga returns.
patches.push(
	{
		// Ink awaits at the top level only for React devtools (DEV=true): not part of the bundle.
		file: /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/,
		replacements: [
			["        await import('./devtools.js');", "        throw Object.assign(new Error('React devtools are not bundled'), {code: 'ERR_MODULE_NOT_FOUND'});"],
			['? await loadPackageJson()', '? {name: undefined, version: undefined}'],
		],
	},
	{
		file: /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
		replacements: [
			[
				'if(h.instantiateWasm)try{',
				'if(h.syncInstantiate){var syncInstance=new WebAssembly.Instance(new WebAssembly.Module(wa()),d);a(syncInstance);return syncInstance.exports}if(h.instantiateWasm)try{',
			],
			// The inline wasm is decoded with atob and a character loop (~3 ms of the TUI's start,
			// profiled); Node decodes base64 natively.
			[
				'var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c',
				"var d=new Uint8Array(Buffer.from(a.slice(37),'base64'))",
			],
		],
	},
	{
		file: /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/,
		replacements: [
			[
				'const Yoga = wrapAssembly(await loadYoga());',
				`const yogaModule = {syncInstantiate: true};
loadYoga(yogaModule);
if (!yogaModule.calledRun) {
	throw new Error('yoga-layout did not initialise synchronously; re-check the bundle patch');
}
const Yoga = wrapAssembly(yogaModule);`,
			],
		],
	},
);

// Ink 6.8 redraws the whole frame on every change: it erases each line of the previous frame and
// writes all of the new one (~6 KB at 100x40), though a key press changes two or three rows. Writing
// it was the largest single item of a held key (profiled: ~0.4 ms of synchronous TTY write per frame,
// and the terminal parses all of it). Ink's incremental mode moves the cursor relatively and left the
// header scrolled off after composing (see source/ui/run-tui.tsx). While the TUI holds the alternate
// screen (source/ui/terminal/alt-screen.ts marks the stream), the frame starts at the top-left cell and
// never scrolls (the root is one row shorter than the terminal), so each changed row is rewritten in
// place, addressed absolutely: erase the row, then write it (erasing after writing would take the last
// character of a full-width row with it). The first frame, a frame after Ink cleared its output, and a
// frame at a new terminal size redraw everything. The cursor is left where Ink's own write would leave
// it, one row below the frame, so Ink's clear() still erases the right rows.
patches.push({
	file: /[\\/]node_modules[\\/]ink[\\/]build[\\/]log-update\.js$/,
	replacements: [
		[
			`            previousOutput = str;
            const returnPrefix = buildReturnToBottomPrefix(cursorWasShown, previousLineCount, previousCursorPosition);
            stream.write(returnPrefix +
                ansiEscapes.eraseLines(previousLineCount) +
                str +
                cursorSuffix);`,
			`            const inPlace = activeCursor === undefined && !cursorWasShown ? framePatch(stream, previousOutput, str) : undefined;
            previousOutput = str;
            const returnPrefix = buildReturnToBottomPrefix(cursorWasShown, previousLineCount, previousCursorPosition);
            stream.write(inPlace ?? (returnPrefix +
                ansiEscapes.eraseLines(previousLineCount) +
                str +
                cursorSuffix));`,
		],
	],
	append: `
export const fullScreenKey = Symbol.for('microblog-tui.full-screen');
const drawnSizes = new WeakMap();
function frameLines(text) {
	const lines = text.split('\\n');
	if (text.endsWith('\\n')) {
		lines.pop();
	}
	return lines;
}
export function framePatch(stream, previous, next) {
	if (stream[fullScreenKey] !== true) {
		return undefined;
	}
	const size = stream.columns + 'x' + stream.rows;
	const redraw = previous === '' || drawnSizes.get(stream) !== size;
	drawnSizes.set(stream, size);
	const nextLines = frameLines(next);
	const previousLines = redraw ? [] : frameLines(previous);
	let out = redraw ? '\\u001B[H\\u001B[2J' : '';
	for (let row = 0; row < nextLines.length; row++) {
		if (redraw || previousLines[row] !== nextLines[row]) {
			out += '\\u001B[' + (row + 1) + ';1H\\u001B[2K' + nextLines[row];
		}
	}
	for (let row = nextLines.length; row < previousLines.length; row++) {
		out += '\\u001B[' + (row + 1) + ';1H\\u001B[2K';
	}
	return out + '\\u001B[' + (nextLines.length + 1) + ';1H';
}
`,
});

// Intl.Segmenter: the first grapheme iterator loads ICU's break rules, ~16 ms of every start that
// measures text (the TUI, --list), and each segmentation of a feed row took ~5× as long as
// unicode-segmenter's (measured: 2,000 rows, the same graphemes). The packages that build one get
// unicode-segmenter's Intl-compatible class instead (grapheme granularity, the only one they use).
patches.push(
	{
		file: /[\\/]node_modules[\\/]slice-ansi[\\/]tokenize-ansi\.js$/,
		replacements: [["new Intl.Segmenter(undefined, {granularity: 'grapheme'})", "new GraphemeSegmenter(undefined, {granularity: 'grapheme'})"]],
		append: graphemeSegmenterImport,
	},
	{
		file: /[\\/]node_modules[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/,
		replacements: [['new Intl.Segmenter(undefined, { granularity: "grapheme" })', 'new GraphemeSegmenter(undefined, { granularity: "grapheme" })']],
		append: graphemeSegmenterImport,
	},
);

patches.push({
	file: /[\\/]node_modules[\\/]unicode-segmenter[\\/]intl-adapter\.js$/,
	// Nearly every row Ink draws is printable ASCII and escape sequences, where each UTF-16 unit is a
	// grapheme of its own (no CR LF pair, no combining mark): such a text is cut unit by unit without
	// the grapheme rules. The first frame of the feed tokenises ~40 new rows with code V8 has not
	// optimised yet (~11 ms of the first frame, profiled).
	replacements: [
		[
			'    for (let { segment, index, input } of graphemeSegments(this.input)) {',
			`    if (/^[\\x1b\\x20-\\x7e]*$/.test(this.input)) {
      const input = this.input;
      for (let index = 0; index < input.length; index++) {
        yield { segment: input[index], index, input };
      }
      return;
    }
    for (let { segment, index, input } of graphemeSegments(this.input)) {`,
		],
	],
});

patches.push({
	file: /[\\/]node_modules[\\/]sequelize[\\/]lib[\\/]utils[\\/]validator-extras\.js$/,
	// Sequelize deep-copies the whole validator library (every validator and its locale tables) when it
	// loads, to add its own validators without touching the shared module; it only ever sets top-level
	// properties on the copy, which a shallow copy keeps apart just as well. And nothing validates before
	// the first write of a user or a post, so the library (~100 modules) loads then: Sequelize's object
	// holds its own validators and reads any other from a shallow copy of the library, made on first use.
	replacements: [
		[
			'const validator = _.cloneDeep(require("validator"));',
			`let validatorLibrary;
const ownValidators = {};
const validator = new Proxy(ownValidators, {
  get(target, key) {
    return Object.hasOwn(target, key) ? target[key] : (validatorLibrary ??= {...require("validator")})[key];
  },
  has(target, key) {
    return Object.hasOwn(target, key) || key in (validatorLibrary ??= {...require("validator")});
  },
});`,
		],
		['validator.isNull = validator.isEmpty;', 'validator.isNull = (...arguments_) => validator.isEmpty(...arguments_);'],
	],
});

patches.push({
	file: /[\\/]node_modules[\\/]sequelize[\\/]lib[\\/]dialects[\\/]sqlite[\\/]query\.js$/,
	// Every SQLite query read the stack of an Error made for it, to give a failed query's error the
	// caller's stack; reading .stack formats it (~0.3 ms a query, profiled: three of them in a post).
	// The Error is passed on instead, and its stack read only when the query failed.
	replacements: [
		['resolve(query._handleQueryResponse(this, columnTypes, executionError, results, errForStack.stack));', 'resolve(query._handleQueryResponse(this, columnTypes, executionError, results, errForStack));'],
		['throw this.formatError(err, errStack);', 'throw this.formatError(err, errStack.stack);'],
	],
});

// node:crypto takes ~5 ms to load (measured in a plain script), and uuid loaded it with Sequelize at
// every start, though nothing before a sign-in or a write needs it: uuid's three users of it require
// it when called. Sequelize gave every query an id from uuid v4 that nothing reads (only set, in
// abstract/query.js), so the first query loaded it anyway: a counter gives each query its id instead.
for (const [file, functionName] of [['rng', 'randomFillSync'], ['md5', 'createHash'], ['sha1', 'createHash']]) {
	patches.push({
		file: new RegExp(`[\\\\/]node_modules[\\\\/]uuid[\\\\/]dist[\\\\/]esm-node[\\\\/]${file}\\.js$`),
		replacements: [["import crypto from 'crypto';", `const crypto = {${functionName}: (...arguments_) => require('node:crypto').${functionName}(...arguments_)};`]],
	});
}
patches.push({
	file: /[\\/]node_modules[\\/]sequelize[\\/]lib[\\/]dialects[\\/]abstract[\\/]query\.js$/,
	replacements: [['this.uuid = uuid();', 'this.uuid = `query-${++queryCount}`;']],
	append: '\nlet queryCount = 0;\n',
});

patches.push({
	file: /[\\/]node_modules[\\/]sequelize[\\/]lib[\\/]dialects[\\/]abstract[\\/]connection-manager\.js$/,
	// Every dialect's connection manager loads semver (its whole index: every function and ~40 regular
	// expressions) with Sequelize, for a version check that only a server's first connection makes
	// (SQLite's manager has its own). It is required when that check calls it.
	replacements: [
		[
			'const semver = require("semver");',
			'const semver = {coerce: (...arguments_) => require("semver").coerce(...arguments_), valid: (...arguments_) => require("semver").valid(...arguments_), lt: (...arguments_) => require("semver").lt(...arguments_)};',
		],
	],
});

patches.push({
	file: /[\\/]node_modules[\\/]terminal-size[\\/]index\.js$/,
	// Ink asks terminal-size for a size only when stdout is not a terminal (never in the TUI), and only
	// then may it run tput; its import of node:child_process cost ~3 ms of every TUI start. The bundle
	// is CommonJS, so the module is required where it is used.
	replacements: [["import {execFileSync} from 'node:child_process';", "const execFileSync = (...arguments_) => require('node:child_process').execFileSync(...arguments_);"]],
});

const unusedDialect = /^\.\/dialects\/(mariadb|mssql|mysql|oracle|db2|snowflake)(\/data-types)?$/;

const appliedPatches = new Set();

/**
 * The patches no file of the builds so far matched. The CLI's build has every patched file, so one listed
 * here means an upgrade moved or dropped a file and the patch silently stopped applying.
 */
export function unappliedPatches() {
	return patches.filter(patch => !appliedPatches.has(patch)).map(patch => String(patch.file));
}

/** The esbuild plugin. */
export const bundlePatches = {
	name: 'bundle-patches',
	setup(build) {
		// Sequelize requires every dialect it knows in a switch and registers every dialect's data
		// types, so a bundle parses seven dialects at each start. Only SQLite and PostgreSQL are
		// supported here; the others become stubs (SQLite's query generator extends MySQL's, which is
		// a separate file and stays).
		build.onResolve({filter: unusedDialect}, ({path, importer}) =>
			/[\\/]node_modules[\\/]sequelize[\\/]lib[\\/]/.test(importer)
				? {path, namespace: 'unused-sequelize-dialect'}
				: undefined,
		);
		// wrap-ansi (Ink's line wrapping) brings its own older string-width, a second module to load with a
		// segmenter and regexes of its own; the one copy (patched above) gives it the same widths.
		build.onResolve({filter: /^string-width$/}, ({importer}) =>
			/[\\/]node_modules[\\/]wrap-ansi[\\/]/.test(importer) ? {path: topLevelStringWidth} : undefined,
		);
		// Sequelize's debug logging (DEBUG=sequelize:*) loads the debug package, which reads the
		// environment and probes the terminal's colours at every start; the statements themselves are
		// shown by --sql and the SQL pane. Its loggers are disabled functions here.
		build.onResolve({filter: /^debug$/}, ({importer}) =>
			/[\\/]node_modules[\\/]sequelize[\\/]/.test(importer) ? {path: 'debug', namespace: 'disabled-debug'} : undefined,
		);
		build.onLoad({filter: /.*/, namespace: 'disabled-debug'}, () => ({
			contents: 'const off = () => off; off.enabled = false; off.extend = () => off; module.exports = () => off;',
			loader: 'js',
		}));
		build.onLoad({filter: /.*/, namespace: 'unused-sequelize-dialect'}, ({path}) => ({
			contents: path.endsWith('/data-types')
				? 'module.exports = () => ({});'
				: `module.exports = class { constructor() { throw new Error(${JSON.stringify(`${path}: only SQLite and PostgreSQL are bundled`)}); } };`,
			loader: 'js',
		}));
		for (const patch of patches) {
			build.onLoad({filter: patch.file}, async ({path}) => {
				if (patch.topLevelOnly && path.split(/[\\/]node_modules[\\/]/).length > 2) {
					return undefined;
				}
				appliedPatches.add(patch);
				let contents = await readFile(path, 'utf8');
				for (const [before, after] of patch.replacements) {
					if (!contents.includes(before)) {
						throw new Error(`bundle-patches: "${before}" not found in ${path}; re-check the patch for this Ink version`);
					}
					// A function, so `$'` and `$&` in the new text are not replacement patterns.
					contents = contents.replace(before, () => after);
				}
				return {contents: contents + (patch.append ?? ''), loader: 'js'};
			});
		}
	},
};
