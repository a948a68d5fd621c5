// runs once: no database; the settings file is the same on both engines.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdirSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {defaultUiSettings, readUiSettings, uiSettingsPath, writeUiSettings} from '../../source/store/ui-settings.js';
import {tempDir} from '../helpers/temp-dir.js';

describe('the layout settings file (issue 19)', () => {
	it('is written 0600 in a 0700 directory made for it, whole, with nothing left beside it, and python3 reads it', () => {
		const directory = path.join(tempDir(), 'microblog-tui');
		writeUiSettings(directory, {preview: false, sqlPaneRows: 12});
		assert.equal(statSync(directory).mode & 0o777, 0o700);
		assert.equal(statSync(uiSettingsPath(directory)).mode & 0o777, 0o600);
		assert.deepEqual(readdirSync(directory), ['settings.json']);
		const read = execFileSync('python3', ['-c', 'import json,sys; d=json.load(open(sys.argv[1])); print(d["preview"], d["sqlPaneRows"])', uiSettingsPath(directory)], {encoding: 'utf8'});
		assert.equal(read.trim(), 'False 12');
		assert.deepEqual(readUiSettings(directory), {preview: false, sqlPaneRows: 12});
		writeUiSettings(directory, {preview: true, sqlPaneRows: undefined});
		assert.deepEqual(readUiSettings(directory), {preview: true, sqlPaneRows: undefined});
	});

	it('gives the defaults for a missing, corrupt, foreign or unreadable file, and for values of the wrong type', () => {
		const directory = tempDir();
		assert.deepEqual(readUiSettings(directory), defaultUiSettings);
		const file = uiSettingsPath(directory);
		for (const text of ['{"preview": tru', '[1,2]', 'null', '"preview"', '\u0000\u0001binary']) {
			writeFileSync(file, text);
			assert.deepEqual(readUiSettings(directory), defaultUiSettings, text);
		}
		// Written by another program (python3), with one good value and one bad.
		execFileSync('python3', ['-c', 'import json,sys; json.dump({"preview": False, "sqlPaneRows": "tall"}, open(sys.argv[1], "w"))', file]);
		assert.deepEqual(readUiSettings(directory), {preview: false, sqlPaneRows: undefined});
		writeFileSync(file, JSON.stringify({preview: 1, sqlPaneRows: 2.5}));
		assert.deepEqual(readUiSettings(directory), defaultUiSettings);
	});

	it('fails whole, leaving nothing behind, when the file cannot be replaced (a directory in its place, unreadable too)', () => {
		const directory = tempDir();
		mkdirSync(uiSettingsPath(directory));
		assert.deepEqual(readUiSettings(directory), defaultUiSettings);
		assert.throws(() => writeUiSettings(directory, {preview: false, sqlPaneRows: 9}), /EISDIR|ENOTEMPTY|EEXIST/);
		assert.deepEqual(readdirSync(directory), ['settings.json'], 'no temporary file left');
		assert.ok(statSync(uiSettingsPath(directory)).isDirectory());
	});
});
