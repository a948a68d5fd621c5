import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The built binary, as installed: `npm test` builds it first. */
export const cliPath = path.join(projectRoot, 'dist', 'cli.js');

export type CliResult = {code: number | null; stdout: string; stderr: string};

export type CliOptions = {
	env?: NodeJS.ProcessEnv;
	input?: string;
	cwd?: string;
	timeoutMs?: number;
};

/** Runs the built `microblog-tui` with no terminal, DATABASE_URL and DEBUG cleared unless given. */
export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
	if (!existsSync(cliPath)) {
		throw new Error(`${cliPath} is missing: run 'npm run build' first`);
	}
	const env: NodeJS.ProcessEnv = {...process.env, DATABASE_URL: '', DEBUG: '', NO_COLOR: '1', ...options.env};
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, ...args], {cwd: options.cwd ?? projectRoot, env, stdio: 'pipe'});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
		child.on('error', reject);
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code, stdout, stderr});
		});
		child.stdin.end(options.input ?? '');
	});
}
