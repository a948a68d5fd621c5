// Real foreign clients of a microblog-tui database, for the shared-database tests: the sqlite3 shell, psql, Python's
// sqlite3 module, and the Flask Mega-Tutorial's chapter 4 models through Flask-SQLAlchemy (test/fixtures/
// flask_microblog.py, run with the system's /usr/bin/python3 and its Debian packages). Also what the tests read of
// the running TUI from outside: its pid, its file descriptors and its POSIX locks (/proc/locks), and whether a
// file next to the database was ever replaced.
import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after} from 'node:test';
import {setTimeout as sleep} from 'node:timers/promises';
import {cliPath, projectRoot, runCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TmuxSession} from '../e2e/tmux-session.js';

export const python = '/usr/bin/python3';
const flaskFixture = path.join(projectRoot, 'test/fixtures/flask_microblog.py');

export function isPostgres(location: string): boolean {
	return /^postgres(ql)?:/.test(location);
}

/** Polls `check` until it returns a value other than undefined/false; the last value it saw is in the timeout's message. */
export async function waitUntil<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined && value !== false) {
			return value;
		}
		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		}
		await sleep(50);
	}
}

/** Runs a foreign program to its end, stdin closed from the start (the shared runProcess writes to it, and a program that exits before reading gets EPIPE). */
async function run(command: string, args: readonly string[], what: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
	const result = await new Promise<{code: number | null; stdout: string; stderr: string}>((resolve, reject) => {
		const child = spawn(command, args, {cwd: projectRoot, env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
		child.on('error', reject);
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code, stdout, stderr});
		});
	});
	assert.equal(result.code, 0, `${what} failed (exit ${result.code}): ${result.stderr}${result.stdout}`);
	return result.stdout;
}

/** The sqlite3 shell, one invocation: its own connection, opened and closed, as a person at another terminal would. */
export async function sqlite3Shell(file: string, sql: string): Promise<string> {
	// A busy timeout: the shell has none by default, and would fail at once beside a writer instead of waiting its turn.
	return (await run('sqlite3', ['-bail', '-cmd', '.timeout 20000', file, sql], `sqlite3 ${JSON.stringify(sql)}`)).trim();
}

/** psql, one invocation, unaligned and tuples only. */
export async function psql(url: string, sql: string): Promise<string> {
	return (await run('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], `psql ${JSON.stringify(sql)}`)).trim();
}

/** The SQL shell of the engine: sqlite3 for a file, psql for a URL. */
export async function sqlShell(location: string, sql: string): Promise<string> {
	return isPostgres(location) ? psql(location, sql) : sqlite3Shell(location, sql);
}

/** One post inserted and committed through Python's own sqlite3 module, the timestamp left to the column default. */
export async function pythonSqlite3Insert(file: string, body: string, userId: number): Promise<void> {
	const script = [
		'import sqlite3, sys',
		'connection = sqlite3.connect(sys.argv[1], timeout=20)',
		"connection.execute('INSERT INTO post (body, user_id) VALUES (?, ?)', (sys.argv[2], int(sys.argv[3])))",
		'connection.commit()',
		'connection.close()',
	].join('\n');
	await run(python, ['-c', script, file, body, String(userId)], 'python3 sqlite3 insert');
}

/** One command of the Flask tutorial fixture; its JSON answer. */
export async function flask<T>(location: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<T> {
	const stdout = await run(python, [flaskFixture, '--database', location, ...args], `flask_microblog.py ${args.join(' ')}`, env);
	return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
}

export type FlaskPost = {id: number; timestamp: string; body: string; username: string};

/**
 * The fixture's write-loop: SQLAlchemy commits one post at a time ("PREFIX 1", "PREFIX 2", ...) until stopped.
 * `committed` is the ids it has reported so far (each printed after its commit).
 */
export function flaskWriteLoop(location: string, username: string, prefix: string): {committed: () => number[]; stop: () => Promise<number[]>} {
	const stopFile = path.join(tempDir('flask-loop-'), 'stop');
	const child = spawn(python, [flaskFixture, '--database', location, 'write-loop', username, prefix, stopFile], {stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const done = new Promise<number | null>(resolve => child.on('close', resolve));
	const committed = () =>
		stdout
			.split('\n')
			.filter(line => /^\d+$/.test(line))
			.map(Number);
	return {
		committed,
		async stop() {
			writeFileSync(stopFile, '');
			const code = await done;
			assert.equal(code, 0, `the SQLAlchemy write loop failed: ${stderr}`);
			const ids = committed();
			assert.match(stdout, new RegExp(`\\{"written": ${ids.length}\\}\\n$`), 'the loop reported every commit');
			return ids;
		},
	};
}

/** Runs `--shell` with `lines` on stdin; what it printed for each line (stdout cut at each prompt, the banner dropped). */
export async function shell(location: string, lines: readonly string[]): Promise<string[]> {
	const result = await runCli(['--shell', '-d', location], {input: `${lines.join('\n')}\n`, timeoutMs: 60_000});
	assert.equal(result.code, 0, result.stderr);
	return result.stdout.split('microblog> ').slice(1);
}

// --- The TUI, and what can be seen of it from outside -------------------------------------------------------------

const sessions: TmuxSession[] = [];
after(() => {
	for (const session of sessions) {
		session.kill();
	}
});

/** The built TUI in a tmux pane (killed when the test file ends); `EXIT=n` is printed when it exits. */
export function startTui(location: string, env: Record<string, string> = {}): TmuxSession {
	const session = new TmuxSession(`${process.execPath} ${cliPath} -d '${location}'; echo EXIT=$?; sleep 3`, {
		width: 110,
		height: 30,
		env: {TERM: 'xterm-256color', ...env},
	});
	sessions.push(session);
	return session;
}

/** The TUI's own pid: the pane runs a shell, and the app is its child (meow renames it "microblog-tui"). */
export async function tuiPid(session: TmuxSession): Promise<number> {
	const shellPid = session.query('pane_pid');
	return waitUntil(() => {
		try {
			const pid = Number(execFileSync('pgrep', ['-P', shellPid, 'microblog-tui'], {encoding: 'utf8'}).trim());
			return pid > 1 ? pid : undefined;
		} catch {
			return undefined;
		}
	}, `the TUI process under pane ${shellPid}`);
}

/** Signs in from the feed with c (the sign-in form, then the compose box), posts `body`, and waits for it in the feed. */
export async function signInAndPost(tui: TmuxSession, username: string, password: string, body: string): Promise<void> {
	tui.keys('c');
	await tui.waitForText('Sign in');
	tui.type(username);
	tui.keys('Enter');
	tui.type(password);
	tui.keys('Enter');
	await tui.waitForText(`signed in as ${username}`);
	await tui.waitForText('New post');
	await submitPost(tui, body);
}

/** Composes and posts `body`, signed in already; waits until the compose box has closed and the feed shows it. */
export async function post(tui: TmuxSession, body: string): Promise<void> {
	tui.keys('c');
	await tui.waitForText('New post');
	await submitPost(tui, body);
}

async function submitPost(tui: TmuxSession, body: string): Promise<void> {
	tui.type(body);
	await tui.waitFor(screen => screen.includes(body) && screen.includes(`${[...body].length}/140`), 'the draft');
	tui.keys('Enter');
	await tui.waitFor(screen => !screen.includes('New post') && screen.includes(body), `the posted "${body}" in the feed`);
}

/** Every descriptor the process has open on `file` (SQLite opens one per connection). */
export function descriptorsOn(pid: number, file: string): number {
	const target = realpathSync(file);
	let count = 0;
	for (const fd of readdirSync(`/proc/${pid}/fd`)) {
		try {
			if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) {
				count++;
			}
		} catch {
			// Closed meanwhile.
		}
	}
	return count;
}

export type PosixLock = {type: 'READ' | 'WRITE'; start: number; end: number};

/** The POSIX (fcntl) locks process `pid` holds on `file`, from /proc/locks (matched by inode; waiters are skipped). */
export function posixLocks(pid: number, file: string): PosixLock[] {
	const inode = statSync(file).ino;
	const locks: PosixLock[] = [];
	for (const line of readFileSync('/proc/locks', 'utf8').split('\n')) {
		// "2: POSIX  ADVISORY  READ 5332 fe:00:2148079 1073741826 1073742335"
		const match = /^\d+: POSIX\s+\S+\s+(READ|WRITE)\s+(\d+)\s+[\da-f]+:[\da-f]+:(\d+)\s+(\d+)\s+(\d+|EOF)$/.exec(line.trim());
		if (match && Number(match[2]) === pid && Number(match[3]) === inode) {
			locks.push({type: match[1] as PosixLock['type'], start: Number(match[4]), end: match[5] === 'EOF' ? Infinity : Number(match[5])});
		}
	}
	return locks;
}

/**
 * SQLite's SHARED lock on a database file (os_unix.c): a read lock on bytes SHARED_FIRST.. (PENDING_BYTE + 2, with
 * PENDING_BYTE at 1 GiB). A connection in WAL mode holds it for as long as it is open; while any connection holds it,
 * no other process can take the EXCLUSIVE lock that lets a closing connection checkpoint and delete the -wal file.
 */
export const sharedLockByte = 0x4000_0000 + 2;

export function holdsSharedLock(pid: number, file: string): boolean {
	return posixLocks(pid, file).some(lock => lock.start <= sharedLockByte && lock.end >= sharedLockByte);
}

/**
 * Watches a file by stat alone (nothing is opened), from now until stop(): every identity (inode and birth time) it
 * had, and whether it was ever missing. A -wal file deleted and created again has a new inode: the running TUI still
 * holds the old one open.
 */
export function watchFile(file: string, intervalMs = 5): {stop: () => {identities: string[]; missingSeen: number}} {
	const identities = new Set<string>();
	let missingSeen = 0;
	const look = () => {
		try {
			const stat = statSync(file, {bigint: true});
			identities.add(`inode ${stat.ino} born ${stat.birthtimeNs}`);
		} catch {
			missingSeen++;
		}
	};
	look();
	const timer = setInterval(look, intervalMs);
	// A failed assertion before stop() must not keep the test file's process alive.
	timer.unref();
	return {
		stop() {
			clearInterval(timer);
			look();
			return {identities: [...identities], missingSeen};
		},
	};
}

export function fileExists(file: string): boolean {
	return existsSync(file);
}
