// runs once: the terminal check comes before any database is opened.
import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, it} from 'node:test';
import type {TestContext} from 'node:test';
import {spawn as spawnPty} from '@lydell/node-pty';
import {cliPath} from '../helpers/cli.js';

/**
 * The built binary in a real pseudo-terminal (stdin and stdout are TTYs, so only TERM can make it refuse), until it
 * exits. TERM is set (or, `term` undefined, removed) by `env` in the terminal, since the pty library always sets
 * a non-empty TERM itself.
 */
async function runTuiInPty(t: TestContext, term: string | undefined): Promise<{code: number; output: string; home: string}> {
	const home = mkdtempSync(path.join(tmpdir(), 'microblog-dumb-'));
	t.after(() => rmSync(home, {recursive: true, force: true}));
	const setTerm = term === undefined ? ['-u', 'TERM'] : [`TERM=${term}`];
	const pty = spawnPty('env', [...setTerm, process.execPath, cliPath], {
		name: 'xterm-256color',
		cols: 100,
		rows: 30,
		env: {...process.env, DATABASE_URL: '', DEBUG: '', XDG_DATA_HOME: home} as Record<string, string>,
	});
	let output = '';
	pty.onData(data => (output += data));
	// A TUI that starts anyway would never exit by itself: q quits it, so the test fails on its output, not a timeout.
	const quitter = setInterval(() => pty.write('q'), 2000);
	const code = await new Promise<number>(resolve => {
		pty.onExit(({exitCode}) => resolve(exitCode));
	});
	clearInterval(quitter);
	return {code, output, home};
}

function assertRefused(result: {code: number; output: string; home: string}, why: RegExp): void {
	assert.equal(result.code, 2, `exit code; output:\n${JSON.stringify(result.output)}`);
	// One line, and not one escape sequence: no alternate screen, no cursor hiding, no colour.
	assert.doesNotMatch(result.output, /\u001B/, `no escape sequence was written: ${JSON.stringify(result.output)}`);
	const lines = result.output.split(/\r?\n/).filter(line => line !== '');
	assert.equal(lines.length, 1, `one line: ${JSON.stringify(result.output)}`);
	assert.match(lines[0]!, /^microblog-tui: the TUI needs a terminal that can draw a full screen/);
	assert.match(lines[0]!, why);
	assert.match(lines[0]!, /'microblog-tui --list posts'/);
	assert.equal(existsSync(path.join(result.home, 'microblog-tui')), false, 'no database was created');
}

describe('terminals that cannot draw a full screen', () => {
	it('TERM=dumb is refused with one line pointing at --list, exit 2, nothing drawn', async t => {
		assertRefused(await runTuiInPty(t, 'dumb'), /TERM=dumb/);
	});

	it('an unset TERM is refused the same way', async t => {
		assertRefused(await runTuiInPty(t, undefined), /TERM is not set/);
	});

	it('an empty TERM is refused the same way', async t => {
		assertRefused(await runTuiInPty(t, ''), /TERM is not set/);
	});
});
