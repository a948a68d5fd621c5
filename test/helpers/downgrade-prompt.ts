import {spawn as spawnPty} from '@lydell/node-pty';
import {cliEnv, cliPath} from './cli.js';
import {waitFor} from './tui.js';

export type Prompted = {
	output: () => string;
	write: (data: string) => void;
	exited: Promise<number>;
};

/** `--downgrade --to` run by the built binary in a pseudo-terminal (the prompt needs one), waiting at its prompt. */
export async function startDowngrade(location: string, to: string): Promise<Prompted> {
	const pty = spawnPty(process.execPath, [cliPath, '--downgrade', '--to', to, '-d', location], {
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
	await waitFor(() => output.includes("Type 'yes' to continue: "), {what: `the prompt (output so far: ${JSON.stringify(output)})`});
	return {output: () => output, write: data => pty.write(data), exited};
}

/** The lines the binary printed after the prompt, without readline's cursor moves and the echoed answer. */
export function afterPrompt(output: string): string[] {
	const plain = output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
	const marker = "Type 'yes' to continue: ";
	return plain
		.slice(plain.indexOf(marker) + marker.length)
		.split(/\r?\n/)
		.map(line => line.trim())
		.filter(line => line !== '' && line !== 'yes');
}

