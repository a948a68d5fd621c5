import {execFileSync} from 'node:child_process';
import {setTimeout as sleep} from 'node:timers/promises';
import {tempDir} from '../helpers/temp-dir.js';

/** A real terminal: a detached tmux session running one command, read with capture-pane. */
export class TmuxSession {
	readonly name: string;

	constructor(command: string, options: {width?: number; height?: number; env?: Record<string, string>} = {}) {
		this.name = `microblog-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
		// The app keeps an unsent draft in its data directory (issue 19): a directory per session, unless the test
		// names one, so no test leaves a draft in the home directory of whoever runs the suite.
		const variables = {XDG_DATA_HOME: tempDir('microblog-e2e-data-'), ...options.env};
		const env = Object.entries(variables).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
		execFileSync('tmux', [
			'new-session', '-d', '-s', this.name,
			'-x', String(options.width ?? 100), '-y', String(options.height ?? 30),
			...env,
			command,
		]);
		// Keep the pane after the command ends, so its last screen and exit status can be read.
		execFileSync('tmux', ['set-option', '-t', this.name, 'remain-on-exit', 'on']);
	}

	screen(): string {
		return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], {encoding: 'utf8'});
	}

	/** A tmux format value for the pane, e.g. alternate_on, cursor_flag, pane_dead. */
	query(format: string): string {
		return execFileSync('tmux', ['display-message', '-p', '-t', this.name, `#{${format}}`], {encoding: 'utf8'}).trim();
	}

	/** Where the terminal's cursor is (cells from the top left) and whether it is shown. */
	cursor(): {x: number; y: number; visible: boolean} {
		const [x, y, flag] = this.query('cursor_x},#{cursor_y},#{cursor_flag').split(',').map(Number);
		return {x: x!, y: y!, visible: flag === 1};
	}

	keys(...keys: string[]): void {
		execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
	}

	/** Literal text, not key names. */
	type(text: string): void {
		execFileSync('tmux', ['send-keys', '-t', this.name, '-l', text]);
	}

	/** The default wait is generous: the built binary on PostgreSQL, on a loaded shared CI machine, can be many times slower than idle (a sign-in's scrypt: ~0.7 s idle, ~6 s at load average 8). */
	async waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		let screen = '';
		while (Date.now() < deadline) {
			screen = this.screen();
			if (predicate(screen)) {
				return screen;
			}
			await sleep(50);
		}
		throw new Error(`timed out waiting for ${what}; the screen was:\n${screen}`);
	}

	/** Waits until `measure` of the screen has held one value for `quietMs` (the app has stopped doing something it shows). */
	async waitForQuiet(measure: (screen: string) => string | undefined, quietMs: number, what: string, timeoutMs?: number): Promise<string> {
		let value: string | undefined;
		let since = Date.now();
		return this.waitFor(
			screen => {
				const now = measure(screen);
				if (now !== value) {
					value = now;
					since = Date.now();
					return false;
				}
				return now !== undefined && Date.now() - since >= quietMs;
			},
			what,
			timeoutMs,
		);
	}

	async waitForText(text: string | RegExp, timeoutMs?: number): Promise<string> {
		return this.waitFor(screen => (typeof text === 'string' ? screen.includes(text) : text.test(screen)), String(text), timeoutMs);
	}

	/** Answers the password prompt of `--user NAME` and waits until the account is signed in. */
	async signIn(username: string, password: string): Promise<void> {
		await this.waitForText(username);
		this.type(password);
		this.keys('Enter');
		await this.waitForText(`signed in as ${username}`);
	}

	kill(): void {
		try {
			execFileSync('tmux', ['kill-session', '-t', this.name], {stdio: 'ignore'});
		} catch {
			// Already gone.
		}
	}
}
