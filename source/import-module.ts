/** Where the built binary's loader (source/loader.ts) puts its own `import()`. */
export const importModuleKey = Symbol.for('microblog-tui.import');

/**
 * `import()` of a package or a file URL. The built program runs inside
 * vm.Script (for V8's code cache), where `import()` has no module loader of its
 * own, so the loader hands it one; run from source, this is plain `import()`.
 */
export function importModule(specifier: string): Promise<unknown> {
	const loaderImport = (globalThis as Record<symbol, unknown>)[importModuleKey] as ((specifier: string) => Promise<unknown>) | undefined;
	return loaderImport ? loaderImport(specifier) : import(specifier);
}
