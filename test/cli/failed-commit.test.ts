import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import sqlite3 from 'sqlite3';
import {runCli} from '../helpers/cli.js';
import {testEngine} from '../helpers/engine.js';
import {failingCommits} from '../helpers/failing-commit.js';

/** What Sequelize prints with console.warn when a COMMIT fails (node_modules/sequelize/lib/transaction.js). */
const sequelizeWarning = /Committing transaction|killing its connection|undetermined state/;

/**
 * SQLite maps (and allocates) the `-shm` file when the first connection opens: on a disk already full that
 * fails at open, not at COMMIT. Another program with the database open, as in the field, has made it.
 */
async function holdOpen(location: string): Promise<() => Promise<void>> {
	const other = new sqlite3.Database(location);
	await new Promise<void>((resolve, reject) => {
		other.get('SELECT count(*) FROM post', error => (error ? reject(error) : resolve()));
	});
	return async () =>
		new Promise(resolve => {
			other.close(() => resolve());
		});
}

describe('a failed COMMIT on the command line', () => {
	it('--seed says so in one line; Sequelize\'s own warning shows only with DEBUG', async t => {
		const database = await failingCommits();
		if ('skip' in database) {
			t.skip(database.skip);
			return;
		}
		assert.equal((await runCli(['--migrate', '-d', database.location])).code, 0);
		if (testEngine === 'sqlite') {
			after(await holdOpen(database.location));
		}
		await database.break();

		const result = await runCli(['--seed', '-d', database.location]);
		assert.equal(result.code, 1, `exit code (stdout: ${result.stdout})`);
		const lines = result.stderr.trimEnd().split('\n');
		assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
		assert.match(lines[0]!, /^microblog-tui: 000\d-demo-\w+ failed: /);
		assert.match(lines[0]!, testEngine === 'sqlite' ? /disk holding .* is full/ : database.failure);
		assert.doesNotMatch(result.stderr, sequelizeWarning);

		const debug = await runCli(['--seed', '-d', database.location], {env: {DEBUG: '1'}});
		assert.equal(debug.code, 1);
		assert.match(debug.stderr, /microblog-tui: warn: Committing transaction .* failed/, 'DEBUG shows what the library said');

		// Nothing of the failed seed was kept; with the cause gone it runs.
		await database.mend();
		const seeded = await runCli(['--seed', '-d', database.location]);
		assert.equal(seeded.code, 0, seeded.stderr);
		assert.equal(seeded.stderr, '');
	});
});
