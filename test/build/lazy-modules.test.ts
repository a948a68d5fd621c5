// runs once
// What a start loads is what it costs (scripts/bundle-patches.mjs, source/store/password.ts): node:crypto, ~5 ms to
// load, is not loaded by a listing, only by the commands that hash or check a password; and the program's entry is
// CommonJS (scripts/build.mjs), so a start that imports no ES module never runs Node's ES module loader; and a
// listing on SQLite reads through the driver alone (source/db/sqlite-reader.ts), never loading Sequelize. Sequelize
// is bundled, so it is seen by what it loads that nothing else on a listing's path does: node:assert.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {cliEnv, cliPath, projectRoot, runCli, runProcess} from '../helpers/cli.js';
import {newDatabaseLocation} from '../helpers/engine.js';
import {tempDir} from '../helpers/temp-dir.js';

async function builtinsLoadedBy(args: string[]): Promise<string[]> {
	const out = path.join(tempDir(), 'loaded.json');
	const result = await runProcess(process.execPath, ['--require', path.join(projectRoot, 'test/fixtures/loaded-builtins.cjs'), cliPath, ...args], {
		env: cliEnv({LOADED_BUILTINS_OUT: out}),
		timeoutMs: 60_000,
	});
	assert.equal(result.code, 0, result.stderr);
	return JSON.parse(readFileSync(out, 'utf8')) as string[];
}

describe('modules loaded on demand', () => {
	it('a listing does not load node:crypto; a command that hashes a password does', async () => {
		const database = await newDatabaseLocation('app.db', 'sqlite');
		assert.equal((await runCli(['--migrate', '-d', database])).code, 0);
		assert.equal((await runCli(['--generate', '--users', '3', '--posts', '20', '-d', database])).code, 0);
		const listing = await builtinsLoadedBy(['--list', 'posts', '-d', database]);
		assert.ok(listing.includes('fs'), 'the list of loaded modules is read');
		assert.equal(listing.includes('crypto'), false, `loaded: ${listing.join(' ')}`);
		assert.equal((await builtinsLoadedBy(['--list', 'users', '-d', database])).includes('crypto'), false);
		// The control: the same probe sees crypto when a command needs it (one shared password hash).
		assert.ok((await builtinsLoadedBy(['--generate', '--users', '1', '--posts', '0', '-d', database])).includes('crypto'));
	});

	it('a listing on SQLite starts without the ES module loader; a step file, imported, runs it', async () => {
		const database = await newDatabaseLocation('app.db', 'sqlite');
		// Migrating imports the migrations, which are ES modules: the control.
		const migrating = await builtinsLoadedBy(['--migrate', '-d', database]);
		assert.ok(migrating.includes('internal/modules/esm/module_job'), `loaded: ${migrating.join(' ')}`);
		const listing = await builtinsLoadedBy(['--list', 'posts', '-d', database]);
		assert.ok(listing.includes('fs'), 'the list of loaded modules is read');
		assert.equal(listing.includes('internal/modules/esm/module_job'), false, `loaded: ${listing.join(' ')}`);
	});

	it('a listing on SQLite does not load Sequelize; a command that opens the database through it does', async () => {
		const database = await newDatabaseLocation('app.db', 'sqlite');
		assert.equal((await runCli(['--migrate', '-d', database])).code, 0);
		assert.equal((await runCli(['--generate', '--users', '3', '--posts', '20', '-d', database])).code, 0);
		for (const target of ['posts', 'users']) {
			const listing = await builtinsLoadedBy(['--list', target, '-d', database]);
			assert.ok(listing.includes('fs'), 'the list of loaded modules is read');
			assert.equal(listing.includes('assert'), false, `--list ${target} loaded: ${listing.join(' ')}`);
		}
		// The control: --status reads the same migration record through Sequelize.
		assert.ok((await builtinsLoadedBy(['--status', '-d', database])).includes('assert'));
	});
});
