import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {newDatabaseLocation, testEngine} from '../helpers/engine.js';
import {runForeignClient} from '../helpers/foreign-client.js';

/*
 * --status reads another application's database as every other command does: it refuses it, in one
 * line, exit 1, instead of "current: base; 3 pending" (which invites a --migrate into someone else's
 * tables). A newer microblog-tui's database is still listed (errors.test.ts): that is ours.
 */
describe('--status on another application\'s database', () => {
	it('refuses it in one line, exit 1, as text and as JSON, and changes nothing', async () => {
		const location = await newDatabaseLocation('other.db');
		// Written by the engine's own client, as the other application would have.
		await runForeignClient(location, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);\nINSERT INTO customers (id, name) VALUES (1, 'Ada');\n");
		const fingerprint = () => (testEngine === 'sqlite' ? createHash('sha256').update(readFileSync(location)).digest('hex') : '');
		const before = fingerprint();
		for (const args of [['--status'], ['--status', '--json']]) {
			const result = await runCli([...args, '-d', location]);
			assert.equal(result.code, 1, `${args.join(' ')}: exit code (stdout: ${result.stdout})`);
			assert.equal(result.stdout, '', 'nothing listed');
			const lines = result.stderr.trimEnd().split('\n');
			assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
			assert.match(lines[0]!, /^microblog-tui: .* is not a microblog-tui database \(it has tables customers but no migration record\)/);
		}
		assert.equal(fingerprint(), before);
		const rows = await runForeignClient(location, 'SELECT name FROM customers;\n');
		assert.equal(rows.trim(), 'Ada');
	});

	it('still lists an empty database (nothing to refuse: it is ours to migrate)', async () => {
		const location = await newDatabaseLocation('empty.db');
		await runForeignClient(location, 'SELECT 1;\n');
		const result = await runCli(['--status', '-d', location]);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /current: base; \d+ pending/);
	});
});
