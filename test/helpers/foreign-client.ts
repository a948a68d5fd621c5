import {spawn} from 'node:child_process';
import {testEngine} from './engine.js';

/**
 * Runs a script with the engine's own command-line client, as another program sharing the database
 * would: the `sqlite3` shell on a file, `psql` on a PostgreSQL URL. Stops at the first error and
 * rejects with the client's stderr.
 */
export async function runForeignClient(location: string, script: string, engine = testEngine): Promise<string> {
	const [command, args] =
		engine === 'sqlite'
			? ['sqlite3', ['-bail', location]]
			: ['psql', ['--no-psqlrc', '-q', '-X', '-v', 'ON_ERROR_STOP=1', '-At', '-d', location, '-f', '-']];
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', code => {
			if (code === 0) {
				resolve(stdout);
			} else {
				reject(new Error(`${command} exited ${code}: ${stderr.trim()}`));
			}
		});
		child.stdin.end(script);
	});
}

/** A SQL string literal both clients read back exactly: control characters as char()/chr() calls, not raw bytes. */
export function sqlText(text: string, engine = testEngine): string {
	if (text === '') {
		return "''";
	}
	const parts: string[] = [];
	let plain = '';
	const code = engine === 'sqlite' ? 'char' : 'chr';
	for (const character of text) {
		const point = character.codePointAt(0)!;
		if (point < 0x20 || (point >= 0x7f && point <= 0x9f)) {
			if (plain) {
				parts.push(`'${plain.replace(/'/g, "''")}'`);
				plain = '';
			}
			parts.push(`${code}(${point})`);
		} else {
			plain += character;
		}
	}
	if (plain) {
		parts.push(`'${plain.replace(/'/g, "''")}'`);
	}
	return parts.join(' || ');
}
