import {spawn as spawnPty} from '@lydell/node-pty';
import {cliEnv, cliPath} from './cli.js';

/** A command of the built binary in a pseudo-terminal (a prompt needs one): what it printed, what to type, its exit. */
export type PtySession = {
	output: () => string;
	write: (data: string) => void;
	exited: Promise<number>;
};

export function startCliInPty(args: readonly string[]): PtySession {
	const pty = spawnPty(process.execPath, [cliPath, ...args], {
		name: 'xterm-256color',
		cols: 200,
		rows: 30,
		env: cliEnv() as Record<string, string>,
	});
	let output = '';
	pty.onData(data => (output += data));
	const exited = new Promise<number>(resolve => {
		pty.onExit(({exitCode}) => resolve(exitCode));
	});
	return {output: () => output, write: data => pty.write(data), exited};
}
