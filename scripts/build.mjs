// Bundles the CLI into dist/: the whole program as one CommonJS file (dist/microblog-tui.cjs) that
// the small loader dist/cli.cjs compiles with a V8 code cache (source/loader.ts), and the
// migrations and seeders as ES modules that Umzug lists at run time.
// Why CommonJS: Node 20 has no compile cache for ES modules, and compiling the ESM chunks was
// the largest item of every start (profiled: ~42 ms of `--list`, ~95 ms of the TUI's).
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {chmodSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {bundlePatches, unappliedPatches} from './bundle-patches.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
// Native or dynamically required packages stay in node_modules.
const external = ['sqlite3', 'pg', 'pg-hstore', 'pg-native', 'react-devtools-core'];
const bundleName = 'microblog-tui.cjs';
// The program's entry, package.json's bin.
const loaderName = 'cli.cjs';
// The key under which the bundle hands its Sequelize to the step files (see stepEntries).
const sequelizeKey = 'microblog-tui.sequelize';

const common = {
	bundle: true,
	platform: 'node',
	target: 'node20',
	external,
	jsx: 'automatic',
	// No fetch in the bundle: yoga-layout would otherwise "fetch" its inline wasm through undici,
	// loading the HTTP and TLS stacks at start-up (measured ~60 ms) instead of decoding the base64.
	define: {'process.env.NODE_ENV': '"production"', 'process.env.DEV': '"false"', fetch: 'undefined'},
	legalComments: 'none',
	minifyWhitespace: true,
	minifySyntax: true,
	// Short local names: the bundle is 1.8 MB instead of 2.7, and reading it and checking the code
	// cache against it took ~14 ms less of every start (measured on the TUI). Names that code reads
	// (model names, error names) are set explicitly, not taken from classes. BUILD_KEEP_NAMES=1 keeps
	// them, for reading a profile or a DEBUG stack.
	minifyIdentifiers: process.env.BUILD_KEEP_NAMES !== '1',
	logLevel: 'warning',
	// Sequelize needs moment-timezone's functions but never its zone data (750 KB parsed at every
	// start) while the connection uses a fixed offset ('+00:00', Sequelize's default): the
	// data-less core gives the same results for offsets.
	alias: {'moment-timezone': 'moment-timezone/moment-timezone.js'},
};

rmSync(dist, {recursive: true, force: true});

// One file: esbuild has no code splitting for CommonJS, and none is needed: V8 compiles only the
// functions that run, and esbuild's lazy module wrappers keep `await import()` of a command lazy.
await build({
	...common,
	entryPoints: [path.join(root, 'source/cli.tsx')],
	outfile: path.join(dist, bundleName),
	format: 'cjs',
	// import.meta does not exist in CommonJS: the loader runs the bundle with __filename set.
	define: {...common.define, 'import.meta': '__importMeta'},
	banner: {js: "var __importMeta = {url: require('node:url').pathToFileURL(__filename).href};"},
	plugins: [bundlePatches],
});
if (unappliedPatches().length > 0) {
	throw new Error(`build: bundle patches matched no file: ${unappliedPatches().join(', ')}`);
}
// esbuild keeps source/cli.tsx's shebang, which is no JavaScript inside the loader's function wrapper.
// And it leaves non-ASCII characters in regular expressions (validator's locale tables): escaped,
// the bundle is pure ASCII, so the loader reads it as a one-byte string (half the memory, and
// V8 scans one-byte source faster). \uXXXX means the same UTF-16 unit in a regular expression,
// a string, an identifier or a comment; only an escaping backslash in front would change it.
// The file holds the bundle inside the loader's function wrapper (see source/loader.ts): the loader
// compiles the file's text as it is, where wrapping it at run time copied all of it once more at
// every start (~2 MB of fresh memory, which costs ~3 ms per MB on the benchmark machine).
const bundlePath = path.join(dist, bundleName);
const bundleSource = readFileSync(bundlePath, 'utf8').replace(/^#!.*\n/, '');
const asciiSource = bundleSource.replace(/[^\0-\x7f]/g, (character, offset) => {
	if (bundleSource[offset - 1] === '\\') {
		throw new Error(`build: an escaped non-ASCII character at ${offset} of the bundle`);
	}
	return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
});
// On the wrapper's line, so line numbers in stacks hold; strict, as the ES modules it was built from were.
writeFileSync(bundlePath, `(function (exports, require, module, __filename, __dirname) { 'use strict'; ${asciiSource}\n})`);
chmodSync(bundlePath, 0o644);

/**
 * Migrations and seeders must use the CLI's one copy of Sequelize: a step
 * bundled with its own copy (or importing node_modules') handed the CLI's query
 * generator a `Sequelize.literal` it did not recognise, and `post.timestamp` got
 * a fixed date as its default. So in the step files `sequelize` is a shim that
 * returns the copy the CLI registered (source/db/step-runner.ts) before loading them.
 * Umzug lists them at run time as dist/<kind>/NNNN-name.js.
 */
function stepEntries(kind) {
	return Object.fromEntries(
		readdirSync(path.join(root, kind))
			.filter(file => /^\d.*\.ts$/.test(file))
			.map(file => [`${kind}/${file.slice(0, -3)}`, path.join(root, kind, file)]),
	);
}

const cliSequelize = {
	name: 'cli-sequelize',
	setup(stepBuild) {
		stepBuild.onResolve({filter: /^sequelize$/}, () => ({path: 'sequelize', namespace: 'cli-sequelize'}));
		stepBuild.onLoad({filter: /.*/, namespace: 'cli-sequelize'}, () => ({
			contents: `const sequelize = globalThis[Symbol.for(${JSON.stringify(sequelizeKey)})];
if (!sequelize) { throw new Error('a migration or seeder runs only inside microblog-tui (no Sequelize registered)'); }
module.exports = sequelize;`,
			loader: 'js',
		}));
		// Anything else of Sequelize's (a deep import) would be a second copy.
		stepBuild.onResolve({filter: /^sequelize\//}, ({path: request}) => ({
			errors: [{text: `step files may import only 'sequelize' itself (got ${request})`}],
		}));
	},
};

await build({
	...common,
	entryPoints: {...stepEntries('migrations'), ...stepEntries('seeders')},
	outdir: dist,
	format: 'esm',
	plugins: [cliSequelize],
});

// The loader names its cache file by this hash, so a rebuilt bundle never meets an old cache.
const bundleHash = createHash('sha256').update(readFileSync(bundlePath)).digest('hex').slice(0, 16);
// CommonJS too: Node starts an ES module entry through its ESM loader, ~8 ms more than a CommonJS
// one (empty files, measured); the ESM loader is set up only when something is imported (pg, a step file).
await build({
	...common,
	entryPoints: [path.join(root, 'source/loader.ts')],
	outfile: path.join(dist, loaderName),
	format: 'cjs',
	define: {
		...common.define,
		'import.meta.url': '__loaderUrl',
		BUNDLE_FILE: JSON.stringify(bundleName),
		BUNDLE_HASH: JSON.stringify(bundleHash),
	},
	// Strict, as the ES module it is built from: the directive must come before the banner's statement.
	banner: {js: "#!/usr/bin/env node\n'use strict';\nvar __loaderUrl = require('node:url').pathToFileURL(__filename).href;"},
});
chmodSync(path.join(dist, loaderName), 0o755);

// The build's code cache of the bundle's top level (see source/loader.ts), for `dist/cli.cjs` run
// as the shebang says (no flags): V8 rejects a cache made with other flags. Without NODE_OPTIONS
// too: the loader names the file by the flags, and a user's start has none.
const cacheEnv = {...process.env, MICROBLOG_TUI_WRITE_BUILD_CACHE: '1'};
delete cacheEnv.NODE_OPTIONS;
if (spawnSync(process.execPath, [path.join(dist, loaderName)], {env: cacheEnv, stdio: 'inherit'}).status !== 0) {
	throw new Error('build: writing the code cache failed');
}
