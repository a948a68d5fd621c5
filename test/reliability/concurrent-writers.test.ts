// runs once: covers each engine itself, or needs no database.
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {newDatabaseLocation} from '../helpers/engine.js';
import {testDatabaseUrl} from '../helpers/postgres.js';
import {spawnScript} from '../helpers/spawn-script.js';
import {tempDir} from '../helpers/temp-dir.js';

const writers = 4;
const postsEach = 250;

async function countRows(database: string): Promise<number> {
	const listed = await runCli(['--status', '--json', '-d', database]);
	assert.equal(listed.code, 0, listed.stderr);
	const users = JSON.parse((await runCli(['--list', 'users', '--json', '--limit', '100', '-d', database])).stdout) as Array<{postCount: number}>;
	return users.reduce((sum, user) => sum + user.postCount, 0);
}

async function hammer(database: string): Promise<string> {
	assert.equal((await runCli(['--migrate', '-d', database])).code, 0);
	assert.equal((await runCli(['--seed', '-d', database])).code, 0);
	const before = await countRows(database);
	const stopFile = path.join(tempDir(), 'stop');
	const reader = spawnScript('test/fixtures/page-reader.ts', [database, stopFile]);
	const names = ['john', 'susan', 'ana', 'miguel'].slice(0, writers);
	const results = await Promise.all(
		names.map(async name => spawnScript('test/fixtures/compose-writer.ts', [database, name, String(postsEach)]).done),
	);
	writeFileSync(stopFile, '');
	const read = await reader.done;
	for (const result of results) {
		assert.equal(result.code, 0, `writer failed: ${result.stdout} ${result.stderr}`);
		assert.equal(result.stdout.trim(), `wrote ${postsEach}`);
	}
	assert.equal(read.code, 0, read.stderr);
	const [, reads, errors] = /reads (\d+) errors (\d+)/.exec(read.stdout) ?? [];
	assert.equal(Number(errors), 0, `the reader failed: ${read.stdout}`);
	assert.ok(Number(reads) > 0, 'the reader read while the writers wrote');
	const added = (await countRows(database)) - before;
	assert.equal(added, writers * postsEach, 'exactly 1,000 new rows');
	return `${added} new rows from ${writers} writers (rows lost: ${writers * postsEach - added}); the reader read ${reads} pages, ${errors} errors`;
}

describe('concurrent writers', () => {
	it(`SQLite: ${writers} processes compose ${postsEach} posts each while a fifth reads pages`, async t => {
		t.diagnostic(await hammer(await newDatabaseLocation('shared.db', 'sqlite')));
	});

	if (testDatabaseUrl) {
		it(`PostgreSQL: ${writers} processes compose ${postsEach} posts each while a fifth reads pages`, async t => {
			t.diagnostic(await hammer(await newDatabaseLocation('shared', 'postgres')));
		});
	}
});
