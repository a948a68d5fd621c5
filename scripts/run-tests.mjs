// Runs the test suite: once on SQLite, then, when TEST_DATABASE_URL names a
// PostgreSQL server, once more with TEST_ENGINE=postgres. Node 20's `--test`
// does not find .tsx files by itself, so the files are listed here.
import {spawn} from 'node:child_process';
import {readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? 'test');
const all = readdirSync(root, {recursive: true})
	.map(file => path.join(root, String(file)))
	.filter(file => /\.test\.tsx?$/.test(file))
	.sort();
if (all.length === 0) {
	console.error(`no test files under ${root}`);
	process.exit(1);
}

/** Files marked `// sqlite-only` or `// runs once` (they pick their engines themselves) are not repeated on PostgreSQL. */
function repeatsOnPostgres(file) {
	const head = readFileSync(file, 'utf8').slice(0, 400);
	return !/^\/\/ (sqlite-only|runs once)\b/m.test(head);
}

async function run(engine, files) {
	console.log(`\n=== test suite on ${engine} (${files.length} files) ===\n`);
	const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
		stdio: ['ignore', 'pipe', 'inherit'],
		env: {...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0', TEST_ENGINE: engine},
	});
	let output = '';
	child.stdout.setEncoding('utf8').on('data', chunk => {
		output += chunk;
		process.stdout.write(chunk);
	});
	const code = await new Promise(resolve => child.on('close', resolve));
	const count = name => Number(new RegExp(`^ℹ ${name} (\\d+)`, 'm').exec(output)?.[1] ?? 0);
	return {code, passed: count('pass'), failed: count('fail')};
}

const runs = [];
if (process.env.TEST_ENGINE !== 'postgres') {
	runs.push(await run('sqlite', all));
}
if (process.env.TEST_DATABASE_URL && process.env.TEST_ENGINE !== 'sqlite') {
	runs.push(await run('postgres', all.filter(repeatsOnPostgres)));
}
const passed = runs.reduce((sum, result) => sum + result.passed, 0);
const failed = runs.reduce((sum, result) => sum + result.failed, 0);
const ok = runs.every(result => result.code === 0);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
