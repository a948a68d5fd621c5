import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {sanitizeTyped} from '../text/sanitize.js';

export type EditorResult = {readonly kind: 'edited'; readonly text: string} | {readonly kind: 'failed'; readonly message: string};

export type EditOptions = {
	/** Runs the editor with the terminal handed over (TerminalControl.handOver). */
	readonly handOver: <T>(run: () => T) => T;
	/** Where $VISUAL, $EDITOR and $TMPDIR are read (process.env). */
	readonly env?: NodeJS.ProcessEnv;
};

/** The editor as git picks it: $VISUAL, else $EDITOR, else vi. */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string {
	return env.VISUAL?.trim() || env.EDITOR?.trim() || 'vi';
}

/** The editor's first word, printable, for a message (the command may hold paths and arguments). */
function editorName(command: string): string {
	return sanitizeTyped(path.basename(command.split(/\s+/)[0] ?? command));
}

/**
 * `text` edited in the user's editor, like `git commit`: written with a newline to a file in a new private temp dir
 * (0700, the file 0600: a draft is nobody else's), the editor run on it through `sh -c '<editor> "$@"'` so that an
 * editor with arguments (`code --wait`) works as in git, and the file read back without its trailing line breaks.
 * The temp dir is removed whatever happened. An editor that is missing or fails leaves the text as it was.
 */
export function editText(text: string, {handOver, env = process.env}: EditOptions): EditorResult {
	const command = editorCommand(env);
	const directory = mkdtempSync(path.join(env.TMPDIR || tmpdir(), 'microblog-tui-draft-'));
	try {
		const file = path.join(directory, 'DRAFT.txt');
		writeFileSync(file, `${text}\n`, {mode: 0o600});
		const run = handOver(() => spawnSync('/bin/sh', ['-c', `${command} "$@"`, command, file], {stdio: 'inherit', env}));
		const name = editorName(command);
		if (run.error) {
			return {kind: 'failed', message: `the editor (${name}) could not start: ${run.error.message}; the draft is unchanged`};
		}
		// sh's answer when it cannot find or run the command.
		if (run.status === 127 || run.status === 126) {
			return {kind: 'failed', message: `the editor (${name}) was not found: set $VISUAL or $EDITOR; the draft is unchanged`};
		}
		if (run.status !== 0) {
			const how = run.signal ? `was stopped by ${run.signal}` : `exited with status ${run.status}`;
			return {kind: 'failed', message: `the editor (${name}) ${how}: the draft is unchanged`};
		}
		return {kind: 'edited', text: readFileSync(file, 'utf8').replace(/(?:\r?\n)+$/, '')};
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
}
