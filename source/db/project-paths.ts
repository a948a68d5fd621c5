import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = fileURLToPath(import.meta.url);

/** The package root: the nearest folder above this module holding package.json. */
export function projectRoot(): string {
	let directory = path.dirname(here);
	while (!existsSync(path.join(directory, 'package.json'))) {
		const parent = path.dirname(directory);
		if (parent === directory) {
			throw new Error(`cannot find package.json above ${here}`);
		}
		directory = parent;
	}
	return directory;
}

/**
 * Where the step files of one kind live: the TypeScript sources when running
 * from source (tsx), their compiled copies in dist/ when running the build.
 */
export function stepDirectory(kind: 'migrations' | 'seeders'): {directory: string; extension: '.ts' | '.js'} {
	const fromSource = here.endsWith('.ts');
	return fromSource
		? {directory: path.join(projectRoot(), kind), extension: '.ts'}
		: {directory: path.join(projectRoot(), 'dist', kind), extension: '.js'};
}
