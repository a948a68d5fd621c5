// Bundles the CLI into dist/ (one file plus lazily loaded chunks) and compiles
// migrations/ and seeders/ as entries of the same build, so Umzug can list them at run time.
import {chmodSync, readdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {bundlePatches} from './bundle-patches.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
// Native or dynamically required packages stay in node_modules.
const external = ['sqlite3', 'pg', 'pg-hstore', 'pg-native', 'react-devtools-core'];
// Bundled CommonJS (React, Sequelize's helpers) calls require(): give the ESM bundle one.
const banner = {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"};

rmSync(dist, {recursive: true, force: true});

/**
 * Migrations and seeders are entry points of the CLI's own build, so they share
 * its one copy of Sequelize: a step bundled apart (importing node_modules'
 * copy) handed the CLI's query generator a `Sequelize.literal` it did not
 * recognise, and `post.timestamp` got a fixed date as its default.
 * Umzug lists them at run time as dist/<kind>/NNNN-name.js.
 */
function stepEntries(kind) {
	return Object.fromEntries(
		readdirSync(path.join(root, kind))
			.filter(file => /^\d.*\.ts$/.test(file))
			.map(file => [`${kind}/${file.slice(0, -3)}`, path.join(root, kind, file)]),
	);
}

await build({
	entryPoints: {cli: path.join(root, 'source/cli.tsx'), ...stepEntries('migrations'), ...stepEntries('seeders')},
	outdir: dist,
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	external,
	banner,
	jsx: 'automatic',
	chunkNames: 'chunks/[name]-[hash]',
	// No fetch in the bundle: yoga-layout would otherwise "fetch" its inline wasm through undici,
	// loading the HTTP and TLS stacks at start-up (measured ~60 ms) instead of decoding the base64.
	define: {'process.env.NODE_ENV': '"production"', 'process.env.DEV': '"false"', fetch: 'undefined'},
	legalComments: 'none',
	minifyWhitespace: true,
	minifySyntax: true,
	logLevel: 'warning',
	plugins: [bundlePatches],
	// Sequelize needs moment-timezone's functions but never its zone data (750 KB parsed at every
	// start) while the connection uses a fixed offset ('+00:00', Sequelize's default): the
	// data-less core gives the same results for offsets.
	alias: {'moment-timezone': 'moment-timezone/moment-timezone.js'},
});
chmodSync(path.join(dist, 'cli.js'), 0o755);
