import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The built binary, as installed: `npm test` builds it first. */
export const cliPath = path.join(projectRoot, 'dist', 'cli.cjs');

export type CliResult = {code: number | null; stdout: string; stderr: string};

export type CliOptions = {
	env?: NodeJS.ProcessEnv;
	input?: string;
	cwd?: string;
	timeoutMs?: number;
};

/** Runs a command to its end with piped output; `timeoutMs` kills it if it hangs. */
export async function runProcess(
	command: string,
	args: readonly string[],
	options: {cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number} = {},
): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {cwd: options.cwd ?? projectRoot, env: options.env ?? process.env, stdio: 'pipe'});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
		child.on('error', reject);
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code, stdout, stderr});
		});
		child.stdin.end(options.input ?? '');
	});
}

/** The environment the CLI tests run the binary in: DATABASE_URL and DEBUG cleared, no colour. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return {...process.env, DATABASE_URL: '', DEBUG: '', NO_COLOR: '1', ...extra};
}

/** Runs the built `microblog-tui` with no terminal, DATABASE_URL and DEBUG cleared unless given. */
export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
	if (!existsSync(cliPath)) {
		throw new Error(`${cliPath} is missing: run 'npm run build' first`);
	}
	return runProcess(process.execPath, [cliPath, ...args], {
		cwd: options.cwd,
		env: cliEnv(options.env),
		input: options.input,
		timeoutMs: options.timeoutMs ?? 30_000,
	});
}
