import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {describe, it} from 'node:test';
import {SqlLog} from '../../source/store/sql-log.js';
import {waitFor} from '../helpers/wait-for.js';

// Ink writes no frames at all where it believes it runs in CI: this test reads the frames as a terminal gets them.
for (const key of Object.keys(process.env)) {
	if (key === 'CI' || key === 'CONTINUOUS_INTEGRATION' || key.startsWith('CI_')) {
		delete process.env[key];
	}
}
const {Box, Text, render} = await import('ink');
const {SqlPane} = await import('../../source/ui/sql/sql-pane.js');
const {TerminalCursor} = await import('../../source/ui/terminal/terminal-cursor.js');

/** A terminal as Ink sees it: a TTY of 60×12 whose output is kept. */
class Terminal extends EventEmitter {
	readonly isTTY = true;
	readonly columns = 60;
	readonly rows = 12;
	output = '';
	write = (data: string): boolean => {
		this.output += data;
		return true;
	};
}

class Keyboard extends EventEmitter {
	readonly isTTY = true;
	setRawMode(): void {}
	setEncoding(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
	read(): null {
		return null;
	}
}

const show = '\u001B[?25h';
const hide = '\u001B[?25l';

/** Whether the terminal shows its cursor after everything written so far. */
function cursorShown(output: string): boolean {
	return output.lastIndexOf(show) > output.lastIndexOf(hide);
}

/*
 * Ink shows the cursor only in frames whose commit set its position: a frame drawn by a component that re-renders
 * alone hides it. The SQL pane is one (it follows the statement log by itself): while it draws new statements, the
 * cursor must stay in the field being typed in.
 */
describe('the terminal cursor', () => {
	it('stays shown while the SQL pane draws new statements beside a focused field', async () => {
		const log = new SqlLog();
		const terminal = new Terminal();
		const instance = render(
			<Box flexDirection="column">
				<Text>draft</Text>
				<TerminalCursor position={{x: 5, y: 0}} sqlLog={log} />
				<SqlPane log={log} width={60} height={5} />
			</Box>,
			// Ink's option types want a NodeJS.WriteStream/ReadStream: these stand-ins carry what Ink uses of them.
			{stdout: terminal as unknown as NodeJS.WriteStream, stdin: new Keyboard() as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false},
		);
		try {
			await waitFor(() => cursorShown(terminal.output), {what: 'the cursor shown at first'});
			for (let statement = 1; statement <= 3; statement++) {
				log.record(`SELECT ${statement}`, 1);
				await waitFor(() => terminal.output.includes(`SELECT ${statement}`), {what: `statement ${statement} drawn`});
				// Ink throttles frames: the frame with the statement is the last one written for it.
				await new Promise(resolve => setTimeout(resolve, 0));
				assert.ok(cursorShown(terminal.output), `the cursor is still shown after statement ${statement}`);
			}
		} finally {
			instance.unmount();
		}
	});
});
