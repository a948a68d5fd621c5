import {startCliInPty} from './cli-pty.js';
import type {PtySession} from './cli-pty.js';
import {waitFor} from './tui.js';

export type Prompted = PtySession;

/** `--downgrade --to` run by the built binary in a pseudo-terminal (the prompt needs one), waiting at its prompt. */
export async function startDowngrade(location: string, to: string): Promise<Prompted> {
	const session = startCliInPty(['--downgrade', '--to', to, '-d', location]);
	await waitFor(() => session.output().includes("Type 'yes' to continue: "), {what: `the prompt (output so far: ${JSON.stringify(session.output())})`});
	return session;
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

