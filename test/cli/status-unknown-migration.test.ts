import assert from 'node:assert/strict';
import {cpSync, mkdirSync, rmSync, symlinkSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {cliEnv, projectRoot, runCli, runProcess} from '../helpers/cli.js';
import type {CliResult} from '../helpers/cli.js';
import {newDatabaseLocation} from '../helpers/engine.js';
import {runForeignClient} from '../helpers/foreign-client.js';
import {tempDir} from '../helpers/temp-dir.js';

/*
 * A database records a migration this version has no file for: every command refuses it with one line,
 * exit 1, and --status says the same (it used to say "up to date", exit 0). It still lists what it
 * knows on stdout, the unknown record marked, as --check lists its differences before its line.
 */

const commands = [['--migrate'], ['--downgrade'], ['--seed'], ['--check'], ['--list', 'posts'], ['--status'], ['--status', '--json']];

/** An installed copy of the build whose newest migration file is missing (a database migrated by a newer version, or a file lost). */
function buildWithout(migration: string): string {
	const root = tempDir('microblog-older-');
	mkdirSync(path.join(root, 'dist'));
	cpSync(path.join(projectRoot, 'package.json'), path.join(root, 'package.json'));
	symlinkSync(path.join(projectRoot, 'node_modules'), path.join(root, 'node_modules'));
	for (const part of ['cli.cjs', 'microblog-tui.cjs', 'migrations', 'seeders']) {
		cpSync(path.join(projectRoot, 'dist', part), path.join(root, 'dist', part), {recursive: true});
	}
	rmSync(path.join(root, 'dist', 'migrations', `${migration}.js`));
	return path.join(root, 'dist', 'cli.cjs');
}

async function records(location: string): Promise<string> {
	return runForeignClient(location, 'SELECT name FROM "SequelizeMeta" ORDER BY name;\n');
}

/** Every command gives exactly `line` on stderr and exit 1; returns what --status and --status --json printed. */
async function assertEveryCommandRefuses(run: (args: string[]) => Promise<CliResult>, location: string, line: string): Promise<{text: string; json: string}> {
	const printed: Record<string, string> = {};
	for (const args of commands) {
		const result = await run([...args, '-d', location]);
		assert.equal(result.code, 1, `${args.join(' ')}: exit code (stdout: ${result.stdout})`);
		assert.equal(result.stderr, `microblog-tui: ${line}\n`, `${args.join(' ')}: the same one line`);
		printed[args.join(' ')] = result.stdout;
	}
	return {text: printed['--status']!, json: printed['--status --json']!};
}

describe('--status with a recorded migration this version has no file for', () => {
	it('a build without the newest migration file: --status refuses as every command does, and lists what it knows', async () => {
		const location = await newDatabaseLocation();
		assert.equal((await runCli(['--migrate', '-d', location])).code, 0);
		const before = await records(location);
		const older = buildWithout('0006-user-case-unique');
		const run = async (args: string[]) => runProcess(process.execPath, [older, ...args], {env: cliEnv(), timeoutMs: 30_000});
		const migrate = await run(['--migrate', '-d', location]);
		assert.match(migrate.stderr, /^microblog-tui: .* is at migration 0006-user-case-unique, which this version of microblog-tui does not know \(was it made by a newer version\?\)\n$/);
		const line = migrate.stderr.replace(/^microblog-tui: /, '').trimEnd();
		const {text, json} = await assertEveryCommandRefuses(run, location, line);
		assert.match(text, /^\? 0006-user-case-unique\s+applied, unknown to this version$/m);
		assert.match(text, /^> 0005-post-change-notify\s+applied .*\(current\)$/m);
		assert.doesNotMatch(text, /up to date/);
		assert.deepEqual((JSON.parse(json) as {unknown: string[]}).unknown, ['0006-user-case-unique']);
		assert.equal(await records(location), before, 'nothing changed');
		// The build that knows it is content.
		assert.equal((await runCli(['--status', '-d', location])).code, 0);
	});

	it('a record another tool wrote with its extension (Umzug\'s default): the same line from every command', async () => {
		const location = await newDatabaseLocation();
		assert.equal((await runCli(['--migrate', '-d', location])).code, 0);
		await runForeignClient(location, 'INSERT INTO "SequelizeMeta" (name, applied_at) VALUES (\'0004-post-timestamp-utc.js\', CURRENT_TIMESTAMP);\n');
		const before = await records(location);
		const migrate = await runCli(['--migrate', '-d', location]);
		assert.match(migrate.stderr, /^microblog-tui: .* is at migration 0004-post-timestamp-utc\.js, which this version of microblog-tui does not know/);
		const line = migrate.stderr.replace(/^microblog-tui: /, '').trimEnd();
		const {text} = await assertEveryCommandRefuses(async args => runCli(args), location, line);
		assert.match(text, /^\? 0004-post-timestamp-utc\.js\s+applied, unknown to this version$/m);
		assert.equal(await records(location), before, 'nothing changed');
	});
});
