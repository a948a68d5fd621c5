// sqlite-only: the draft file is a file of its own; which engine the database is on changes only its key.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {resolveDatabase} from '../../source/config.js';
import {draftFile} from '../../source/store/draft-file.js';
import {tempDir} from '../helpers/temp-dir.js';

/** python3, not our code, reads what the draft file holds. */
function readWithPython(file: string): unknown {
	return JSON.parse(execFileSync('python3', ['-c', 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))', file], {encoding: 'utf8'}));
}

function filesIn(directory: string): string[] {
	return existsSync(directory) ? readdirSync(directory) : [];
}

describe('the draft kept on disk', () => {
	it('keeps a non-empty draft in a 0600 file of a 0700 dir in the data directory, and gives it back', () => {
		const data = tempDir();
		const env = {XDG_DATA_HOME: data};
		const location = resolveDatabase(path.join(tempDir(), 'app.db'), env);
		const drafts = draftFile(location, {env, debounceMs: 0})!;
		drafts.save('half a thought é');
		drafts.flush();
		const directory = path.join(data, 'microblog-tui', 'drafts');
		const [name, ...others] = filesIn(directory);
		assert.equal(others.length, 0, 'one file, no temp file left');
		const file = path.join(directory, name!);
		assert.equal(statSync(directory).mode & 0o777, 0o700);
		assert.equal(statSync(file).mode & 0o777, 0o600);
		assert.deepEqual(readWithPython(file), {database: location.display, draft: 'half a thought é'});
		// Another session on the same database reads it.
		assert.equal(draftFile(location, {env})!.load(), 'half a thought é');
	});

	it('one draft per database: another database, or a PostgreSQL URL, has none', () => {
		const env = {XDG_DATA_HOME: tempDir()};
		const first = resolveDatabase(path.join(tempDir(), 'one.db'), env);
		draftFile(first, {env, debounceMs: 0})!.saveNow('for one');
		assert.equal(draftFile(resolveDatabase(path.join(tempDir(), 'two.db'), env), {env})!.load(), undefined);
		const pg = resolveDatabase('postgres://me:secret@db.example:5432/blog', env);
		assert.equal(draftFile(pg, {env})!.load(), undefined);
		draftFile(pg, {env})!.saveNow('for pg');
		assert.equal(draftFile(resolveDatabase('postgres://me:other@db.example:5432/blog', env), {env})!.load(), 'for pg', 'the password is not part of the key');
		assert.equal(draftFile(first, {env})!.load(), 'for one');
		const directory = path.join(env.XDG_DATA_HOME, 'microblog-tui', 'drafts');
		for (const name of filesIn(directory)) {
			assert.doesNotMatch(JSON.stringify(readWithPython(path.join(directory, name))), /secret|other/, 'no password on disk');
		}
	});

	it('an empty draft removes the file; :memory: keeps nothing', () => {
		const env = {XDG_DATA_HOME: tempDir()};
		const location = resolveDatabase(path.join(tempDir(), 'app.db'), env);
		const drafts = draftFile(location, {env, debounceMs: 0})!;
		drafts.saveNow('something');
		drafts.saveNow('   ');
		assert.deepEqual(filesIn(path.join(env.XDG_DATA_HOME, 'microblog-tui', 'drafts')), []);
		assert.equal(drafts.load(), undefined);
		assert.equal(draftFile(resolveDatabase(':memory:', env), {env}), undefined);
	});

	it('debounces: the file is written once typing pauses, or at flush', async () => {
		const env = {XDG_DATA_HOME: tempDir()};
		const location = resolveDatabase(path.join(tempDir(), 'app.db'), env);
		const drafts = draftFile(location, {env, debounceMs: 20})!;
		drafts.save('a');
		drafts.save('ab');
		assert.equal(draftFile(location, {env})!.load(), undefined, 'not written at each key');
		const started = Date.now();
		while (draftFile(location, {env})!.load() !== 'ab') {
			assert.ok(Date.now() - started < 10_000, 'written after the pause');
			await new Promise(resolve => setTimeout(resolve, 10));
		}
		drafts.save('abc');
		drafts.flush();
		assert.equal(draftFile(location, {env})!.load(), 'abc');
	});

	it('a damaged or foreign file is not offered', () => {
		const env = {XDG_DATA_HOME: tempDir()};
		const location = resolveDatabase(path.join(tempDir(), 'app.db'), env);
		const drafts = draftFile(location, {env, debounceMs: 0})!;
		drafts.saveNow('x');
		const directory = path.join(env.XDG_DATA_HOME, 'microblog-tui', 'drafts');
		const file = path.join(directory, filesIn(directory)[0]!);
		execFileSync('python3', ['-c', 'import sys; open(sys.argv[1], "w").write("{not json")', file]);
		assert.equal(drafts.load(), undefined);
		execFileSync('python3', ['-c', 'import json,sys; json.dump({"database": "/elsewhere.db", "draft": "y"}, open(sys.argv[1], "w"))', file]);
		assert.equal(drafts.load(), undefined);
	});
});
