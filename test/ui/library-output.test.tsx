// runs once: no database.
import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import {captureConsole} from '../../source/console-capture.js';
import type {ConsoleLine} from '../../source/console-capture.js';
import {SqlLog} from '../../source/store/sql-log.js';
import {SqlPane} from '../../source/ui/sql/sql-pane.js';
import {routeLibraryOutput} from '../../source/ui/terminal/library-output.js';
import {waitFor} from '../helpers/tui.js';

/**
 * Whatever reaches the process's own stdout and stderr while `work` runs. Under `node --test` the runner
 * talks to its parent on stdout between ticks: work that waits watches stderr only (where console.warn,
 * console.error and Node's warnings go).
 */
async function written(work: () => Promise<void> | void, streams = [process.stdout, process.stderr]): Promise<string> {
	let text = '';
	const originals = streams.map(stream => stream.write);
	for (const stream of streams) {
		stream.write = ((chunk: string | Uint8Array) => {
			text += String(chunk);
			return true;
		}) as typeof stream.write;
	}
	try {
		await work();
	} finally {
		for (const [index, stream] of streams.entries()) {
			stream.write = originals[index]!;
		}
	}
	return text;
}

describe('library output while the TUI runs', () => {
	it('console.* goes to the sink, formatted, not to the terminal; restore gives the same methods back, once', async () => {
		const before = {log: console.log, warn: console.warn, error: console.error, info: console.info, debug: console.debug, trace: console.trace, dir: console.dir};
		const lines: ConsoleLine[] = [];
		let restore: () => void = () => undefined;
		const output = await written(() => {
			restore = captureConsole(line => lines.push(line));
			console.warn('Committing transaction %s failed with error %j.', 'abc', 'SQLITE_FULL');
			console.log('a', 1, {b: 2});
			console.info('info');
			console.error(new Error('boom'));
			console.debug('debug');
			console.trace('where');
			console.dir({deep: {er: [1]}});
		});
		restore();
		restore();
		assert.equal(output, '', 'nothing reached stdout or stderr');
		assert.deepEqual(
			lines.map(line => line.level),
			['warn', 'log', 'info', 'error', 'debug', 'debug', 'log'],
		);
		assert.equal(lines[0]!.text, 'Committing transaction abc failed with error "SQLITE_FULL".');
		assert.equal(lines[1]!.text, "a 1 { b: 2 }");
		assert.match(lines[3]!.text, /^Error: boom\n\s+at /);
		assert.match(lines[5]!.text, /^Trace: where\n\s+at /);
		assert.equal(lines[6]!.text, '{ deep: { er: [ 1 ] } }');
		assert.deepEqual({log: console.log, warn: console.warn, error: console.error, info: console.info, debug: console.debug, trace: console.trace, dir: console.dir}, before);
	});

	it("Node's process warnings (process.emitWarning) are caught too", async () => {
		const lines: ConsoleLine[] = [];
		let restore: () => void = () => undefined;
		const output = await written(async () => {
			restore = captureConsole(line => lines.push(line));
			try {
				process.emitWarning('this API goes away', 'DeprecationWarning', 'DEP_MICROBLOG_TEST');
				process.emitWarning('a plain warning');
				// Node emits a warning on the next tick and prints it from its default 'warning' listener.
				await waitFor(() => lines.length >= 2, {timeout: 5000, what: 'both warnings'});
			} finally {
				restore();
			}
		}, [process.stderr]);
		assert.equal(output, '');
		assert.match(lines[0]!.text, /\[DEP_MICROBLOG_TEST\] DeprecationWarning: this API goes away/);
		assert.match(lines[1]!.text, /Warning: a plain warning/);
	});

	it('captures nest, and a failing sink does not throw into the library', () => {
		const original = console.warn;
		const outer: string[] = [];
		const restoreOuter = captureConsole(line => outer.push(line.text));
		const restoreInner = captureConsole(() => {
			throw new Error('sink failed');
		});
		assert.doesNotThrow(() => console.warn('to the inner one'));
		restoreInner();
		console.warn('to the outer one');
		restoreOuter();
		assert.deepEqual(outer, ['to the outer one']);
		assert.equal(console.warn, original);
	});

	it('the TUI routes it to the SQL pane, and with DEBUG to stderr once it is restored', async () => {
		for (const debug of [false, true]) {
			const log = new SqlLog();
			log.record('BEGIN IMMEDIATE', 0.2);
			log.record('INSERT INTO post (body) VALUES (?)', 0.4);
			const stderr = new PassThrough();
			let afterExit = '';
			stderr.setEncoding('utf8').on('data', (chunk: string) => (afterExit += chunk));
			const route = routeLibraryOutput(log, {debug, stderr});
			const output = await written(() => {
				console.warn('Committing transaction 1 failed with error "SQLITE_FULL: database or disk is full".');
			});
			assert.equal(output, '');
			assert.equal(afterExit, '', 'nothing on stderr while the TUI runs');
			assert.equal(log.getNoteCount(), 1);
			assert.deepEqual(log.entries().at(-1), {seq: 3, sql: 'Committing transaction 1 failed with error "SQLITE_FULL: database or disk is full".', ms: 0, note: 'warn'});

			const pane = render(<SqlPane log={log} width={100} height={6} />);
			try {
				const shown = pane.lastFrame() ?? '';
				assert.match(shown, /SQL · 2 statements run · 1 library message · newest last/);
				assert.match(shown, /\n +warn {2}Committing transaction 1 failed/);
				assert.match(shown, /0\.4 ms {2}INSERT INTO post/);
			} finally {
				pane.unmount();
			}

			route.restore();
			route.restore();
			await new Promise(resolve => setImmediate(resolve));
			assert.equal(afterExit, debug ? 'microblog-tui: warn: Committing transaction 1 failed with error "SQLITE_FULL: database or disk is full".\n' : '');
		}
	});
});
