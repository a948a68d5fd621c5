import {spawn} from 'node:child_process';
import path from 'node:path';
import {projectRoot} from './cli.js';

export type ScriptResult = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string};

/** Runs a TypeScript file of this project in its own Node process (through tsx). */
export function spawnScript(
	script: string,
	args: readonly string[],
): {pid: number; done: Promise<ScriptResult>; kill: (signal: NodeJS.Signals) => void; output: () => string} {
	const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, script), ...args], {
		cwd: projectRoot,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const done = new Promise<ScriptResult>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) => resolve({code, signal, stdout, stderr}));
	});
	return {pid: child.pid!, done, kill: signal => child.kill(signal), output: () => stdout};
}
