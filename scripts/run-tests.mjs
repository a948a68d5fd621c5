// Node 20's `--test` does not find .tsx files by itself: list the test files and pass them.
import {spawnSync} from 'node:child_process';
import {readdirSync} from 'node:fs';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? 'test');
const files = readdirSync(root, {recursive: true})
	.map(file => path.join(root, String(file)))
	.filter(file => /\.test\.tsx?$/.test(file))
	.sort();
if (files.length === 0) {
	console.error(`no test files under ${root}`);
	process.exit(1);
}
const result = spawnSync(
	process.execPath,
	['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
	{stdio: 'inherit', env: {...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0'}},
);
process.exit(result.status ?? 1);
