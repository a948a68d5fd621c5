// The built binary's entry (dist/cli.cjs): runs the CommonJS bundle through vm.Script with a V8
// code cache, so a start deserialises the functions the previous start compiled instead of
// parsing and compiling them again (Node 20 has no compile cache of its own for ES modules).
// The cache is an optimisation only: any failure (no cache directory, unwritable, corrupt, other
// Node version) runs the bundle without one, silently; DEBUG prints what happened.
import {closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, writeSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {setFlagsFromString} from 'node:v8';
import vm from 'node:vm';
import envPaths from 'env-paths';
import {importModuleKey} from './import-module.js';
import {favourSmallHeap} from './small-heap.js';

// Set by scripts/build.mjs: the bundle's file name and the hash of its content.
declare const BUNDLE_FILE: string;
declare const BUNDLE_HASH: string;

const debug = Boolean(process.env.DEBUG);

function trace(message: string): void {
	if (debug) {
		process.stderr.write(`microblog-tui: code cache: ${message}\n`);
	}
}

/** 32-bit FNV-1a: enough to tell V8 flag sets apart in a file name. */
function shortHash(text: string): string {
	let hash = 0x811c9dc5;
	for (let index = 0; index < text.length; index++) {
		hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
	}
	return (hash >>> 0).toString(16).padStart(8, '0');
}

function cacheDirectory(): string | undefined {
	try {
		if (process.env.MICROBLOG_TUI_CODE_CACHE === '0') {
			return undefined;
		}
		return envPaths('microblog-tui', {suffix: ''}).cache;
	} catch {
		return undefined;
	}
}

/**
 * V8 rejects a cache made by another V8 or with other flags (and we would rewrite it on every
 * run), so the name holds the Node version, the architecture and the flags; the bundle hash keeps
 * an upgraded program from trying the old program's cache.
 */
function cacheFileName(kind: string): string {
	const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
	return `code-${BUNDLE_HASH}-${process.version}-${process.arch}-${shortHash(flags)}-${kind}.bin`;
}

/**
 * A cache holds what the starts that wrote it compiled, and is written only when there was none
 * (the TUI's also when a session ran more, see tuiFlags): a cache made
 * by `--migrate` would leave every later TUI start compiling Ink and React. So the TUI and the
 * listing (the starts that are timed) each have their own; the other commands share one. A
 * rough reading of the arguments is enough: a wrong guess costs speed, never behaviour.
 */
function startKind(args: readonly string[]): 'tui' | 'list' | 'other' {
	const commands = new Set(['--migrate', '--downgrade', '--status', '--check', '--seed', '--shell', '--generate', '--help', '--version']);
	if (args.some(argument => argument === '--list' || argument.startsWith('--list='))) {
		return 'list';
	}
	return args.some(argument => commands.has(argument)) ? 'other' : 'tui';
}

/**
 * The bundle's text and then a code cache are read into one buffer (the text is copied into a string
 * first): a buffer each was ~2 MB more of fresh memory, and fresh memory costs ~3 ms a MB on the
 * benchmark machine (page faults, measured). Pages never written cost nothing: hence the room left
 * for a large cache.
 */
let scratch: Buffer | undefined;

/** The first `size` bytes of an open file, in the scratch buffer: valid until the next read. */
function readAll(descriptor: number, size: number): Buffer {
	if (scratch === undefined || scratch.length < size) {
		scratch = Buffer.allocUnsafeSlow(Math.max(size, 8 * 1024 * 1024));
	}
	let length = 0;
	while (length < size) {
		const read = readSync(descriptor, scratch, length, size - length, length);
		if (read === 0) {
			break;
		}
		length += read;
	}
	return scratch.subarray(0, length);
}

/**
 * A code cache is code: only one that no other user could have written is run (owned by this
 * user or root, not writable by group or others), checked on the open file itself.
 */
function readCache(file: string): Buffer | undefined {
	let descriptor: number | undefined;
	try {
		descriptor = openSync(file, 'r');
		const {uid, mode, size} = fstatSync(descriptor);
		const ownUid = process.getuid?.();
		if (ownUid !== undefined && ((uid !== ownUid && uid !== 0) || (mode & 0o022) !== 0)) {
			trace(`ignored ${file}: owned by uid ${uid} with mode ${(mode & 0o777).toString(8)}`);
			return undefined;
		}
		return readAll(descriptor, size);
	} catch {
		return undefined;
	} finally {
		if (descriptor !== undefined) {
			closeSync(descriptor);
		}
	}
}

function fileSize(file: string): number {
	try {
		return statSync(file).size;
	} catch {
		return 0;
	}
}

/**
 * Why the cache directory is not ours alone, or undefined when it is: a real directory (not a symlink), owned by this
 * user, not writable by group or others. In a directory another user can write (a shared XDG_CACHE_HOME) they could
 * plant a symlink where a file is about to be written, or replace what is read.
 */
function notPrivate(directory: string): string | undefined {
	const ownUid = process.getuid?.();
	const stat = lstatSync(directory);
	const {uid, mode} = stat;
	if (!stat.isDirectory()) {
		return 'not a directory';
	}
	if (ownUid !== undefined && (uid !== ownUid || (mode & 0o022) !== 0)) {
		return `owned by uid ${uid} with mode ${(mode & 0o777).toString(8)}`;
	}
	return undefined;
}

function writeCache(directory: string, file: string, data: Buffer): void {
	try {
		mkdirSync(directory, {recursive: true, mode: 0o700});
		const problem = notPrivate(directory);
		if (problem) {
			trace(`not written: ${directory} is ${problem}`);
			return;
		}
		// Other programs' caches (an older build) are useless now.
		for (const name of readdirSync(directory)) {
			if (name.startsWith('code-') && !name.includes(BUNDLE_HASH)) {
				rmSync(path.join(directory, name), {force: true});
			}
		}
		// Atomic: a concurrent start reads the old file or the new one, never half of one. The temporary file is new
		// (O_EXCL) and never a symlink (O_NOFOLLOW): whatever is planted at the name makes the write fail, never follow.
		// The random part only keeps a planted name from blocking every write (node:crypto would load at every start).
		const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
		const descriptor = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
		try {
			writeSync(descriptor, data);
		} finally {
			closeSync(descriptor);
		}
		renameSync(temporary, file);
		trace(`wrote ${file} (${data.length} bytes)`);
	} catch (error) {
		trace(`not written: ${error instanceof Error ? error.message : String(error)}`);
	}
}

/**
 * The TUI's V8 flags. V8 rejects a cache made under other flags, so they are set before compiling,
 * and the TUI's cache is made and used under them.
 * --expose-gc: the TUI collects its own heap (source/small-heap.ts).
 * --no-flush-bytecode: V8 drops the bytecode of a function not run for a few collections, and the
 * TUI collects four times a second when its heap is large; with the flag, the cache written at exit
 * holds every function the session ran (start-up, browsing, sign-in, compose) besides all that the
 * cache it started from held.
 */
function tuiFlags(): void {
	favourSmallHeap();
	setFlagsFromString('--no-flush-bytecode');
}

const distDirectory = path.dirname(fileURLToPath(import.meta.url));
const bundlePath = path.join(distDirectory, BUNDLE_FILE);
// The build wraps the bundle in a function like Node's CommonJS loader (exports, require, module,
// __filename, __dirname), and makes it pure ASCII: read as latin1, it is a one-byte string.
const source = ((): string => {
	const descriptor = openSync(bundlePath, 'r');
	try {
		return readAll(descriptor, fstatSync(descriptor).size).toString('latin1');
	} finally {
		closeSync(descriptor);
	}
})();

/**
 * The build's cache, next to the bundle: the top level compiled, not yet any function, so a
 * first start skips parsing the whole bundle (~60 ms) and then writes its own cache. Made by
 * `npm run build` (one plain, one with the TUI's --expose-gc), so it fits when the build ran on
 * the Node.js that runs the program, as with the `npm install` of a checkout.
 */
if (process.env.MICROBLOG_TUI_WRITE_BUILD_CACHE === '1') {
	writeFileSync(path.join(distDirectory, cacheFileName('build')), new vm.Script(source, {filename: bundlePath}).createCachedData());
	tuiFlags();
	writeFileSync(path.join(distDirectory, cacheFileName('build-tui')), new vm.Script(source, {filename: bundlePath}).createCachedData());
	process.exit(0);
}

const kind = startKind(process.argv.slice(2));
if (kind === 'tui') {
	tuiFlags();
}
const buildCacheFile = path.join(distDirectory, cacheFileName(kind === 'tui' ? 'build-tui' : 'build'));
const directory = cacheDirectory();
const cacheFile = directory === undefined ? undefined : path.join(directory, cacheFileName(kind));
const ownCache = cacheFile === undefined ? undefined : readCache(cacheFile);
const cachedData = ownCache ?? readCache(buildCacheFile);

let script: vm.Script;
try {
	script = new vm.Script(source, {filename: bundlePath, cachedData});
} catch (error) {
	// A cache V8 cannot even read: compile without it (a syntax error would show again here).
	trace(`compile with the cache failed (${error instanceof Error ? error.message : String(error)})`);
	script = new vm.Script(source, {filename: bundlePath});
}

const accepted = cachedData !== undefined && !script.cachedDataRejected;
const ownAccepted = ownCache !== undefined && accepted;
if (ownAccepted) {
	trace(`used ${cacheFile}`);
} else if (cacheFile !== undefined) {
	trace(ownCache === undefined ? `none at ${cacheFile}` : `rejected ${cacheFile}`);
	if (ownCache === undefined && cachedData !== undefined) {
		trace(`${accepted ? 'used' : 'rejected'} the build's ${buildCacheFile}`);
	}
}
if (directory !== undefined && cacheFile !== undefined && (!ownAccepted || kind === 'tui')) {
	// After start-up, so the cache holds the functions it compiled, and never before the first
	// output: at exit (a listing), or once the TUI has drawn and sits idle. A listing's or another
	// command's cache is written once. The TUI's is written again at exit when the session compiled
	// more than the cache held (a first sign-in or post), so the next session runs that from the
	// cache too (see tuiFlags). Making the data to compare costs ~33 ms at quit (measured), after
	// the screen is restored.
	let writtenBytes = ownAccepted ? ownCache.length : 0;
	const save = (): void => {
		if (writtenBytes === Number.POSITIVE_INFINITY) {
			return;
		}
		const data = script.createCachedData();
		// Over a usable cache, only a larger one is written, and another session may have written a
		// larger one since this one read its own. With none usable (absent, rejected), any is written.
		if (writtenBytes === 0 || data.length > Math.max(writtenBytes, fileSize(cacheFile))) {
			writtenBytes = kind === 'tui' ? data.length : Number.POSITIVE_INFINITY;
			writeCache(directory, cacheFile, data);
		}
	};
	// Not from a start that failed (no terminal for the TUI, a bad flag): it ran little of the program.
	process.once('exit', code => {
		if (code === 0) {
			save();
		}
	});
	if (!ownAccepted) {
		setTimeout(save, 2000).unref();
	}
}

// import() inside vm.Script has no module loader (and Node 20's USE_MAIN_CONTEXT_DEFAULT_LOADER is
// experimental, warns, and is lost with a code cache): the bundle imports the migrations, the
// seeders and pg through this one (source/import-module.ts). Relative specifiers would resolve
// from dist/, where the bundle is too.
(globalThis as Record<symbol, unknown>)[importModuleKey] = (specifier: string) => import(specifier);

const module = {exports: {}, filename: bundlePath, id: '.', loaded: false};
const run = script.runInThisContext() as (
	exports: unknown,
	require: NodeJS.Require,
	module: unknown,
	filename: string,
	dirname: string,
) => void;
run.call(module.exports, module.exports, createRequire(bundlePath), module, bundlePath, path.dirname(bundlePath));
