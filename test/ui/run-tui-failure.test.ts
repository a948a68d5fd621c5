// runs once: no database.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {spawnScript} from '../helpers/spawn-script.js';

describe('runTui when render() throws', () => {
	it('gives the console back before it rejects, and the DEBUG lines come out then, not at exit', async () => {
		const result = await spawnScript('test/fixtures/run-tui-render-fails.ts', []).done;
		assert.equal(result.code, 0, result.stdout + result.stderr);
		assert.match(result.stdout, /^rejected: render failed$/m);
		// Left captured, console.* of the command line's error report went to the TUI's capture.
		assert.match(result.stdout, /^console restored: true$/m);
		const line = result.stderr.indexOf('a library line just before the failure');
		const rejected = result.stderr.indexOf('runTui rejected');
		assert.ok(line !== -1, `the DEBUG line on stderr: ${result.stderr}`);
		assert.ok(rejected !== -1, result.stderr);
		assert.ok(line < rejected, `written when runTui failed, not at exit: ${result.stderr}`);
	});
});
