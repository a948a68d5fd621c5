// Build-time patches to Ink and meow, applied by esbuild while bundling (nothing in node_modules changes).
// Each patch names the exact text it replaces and fails the build when that text is gone, so an
// Ink upgrade is checked by hand instead of silently losing the patch.
import {readFile} from 'node:fs/promises';

const patches = [
	{
		file: /[\\/]node_modules[\\/]ink[\\/]build[\\/]output\.js$/,
		// Ink 6.8 makes new tokenize/width caches for every frame, so each key press re-tokenises and
		// re-measures every character of the screen (~70% of a key press, profiled). Rows that did not
		// change are the same strings from frame to frame: one cache shared by all frames, emptied when
		// it grows, turns that into map look-ups. The cached styled characters are only read, never
		// mutated, by Output.get and styledCharsToString.
		replacements: [
			['caches = new OutputCaches();', 'caches = sharedOutputCaches();'],
		],
		append: `
const sharedCaches = new OutputCaches();
// Bounded: a long session scrolls through many distinct rows.
const maxCachedLines = 4000;
function sharedOutputCaches() {
	if (sharedCaches.styledChars.size > maxCachedLines || sharedCaches.widths.size > maxCachedLines * 4) {
		sharedCaches.styledChars.clear();
		sharedCaches.widths.clear();
		sharedCaches.blockWidths.clear();
	}
	return sharedCaches;
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
		],
	},
];

/** The esbuild plugin. */
export const bundlePatches = {
	name: 'bundle-patches',
	setup(build) {
		for (const patch of patches) {
			build.onLoad({filter: patch.file}, async ({path}) => {
				let contents = await readFile(path, 'utf8');
				for (const [before, after] of patch.replacements) {
					if (!contents.includes(before)) {
						throw new Error(`bundle-patches: "${before}" not found in ${path}; re-check the patch for this Ink version`);
					}
					contents = contents.replace(before, after);
				}
				return {contents: contents + (patch.append ?? ''), loader: 'js'};
			});
		}
	},
};
