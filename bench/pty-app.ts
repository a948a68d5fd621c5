import {readFileSync} from 'node:fs';
import {spawn} from '@lydell/node-pty';
import type {IPty} from '@lydell/node-pty';

const position = /(\d[\d,]*) of ([\d,]+)/g;

/** The built app in a pseudo-terminal, observed from outside: what it writes, and when. */
export class PtyApp {
	readonly started = performance.now();
	readonly process: IPty;
	/**
	 * What the app wrote, as it arrived. Not one growing string: V8 builds `+=` as a rope, and
	 * reading the new part of it (slice) flattened all of it, a copy of the whole output on every
	 * read, which made the measurement itself slower with every key press of a session (held j:
	 * the 100th hundred of presses took twice as long as the first, with the app idle more of it).
	 */
	readonly #chunks: string[] = [];
	readonly #chunkStarts: number[] = [];
	#length = 0;
	#waiters: Array<() => void> = [];
	exited: Promise<number>;

	constructor(command: string, args: string[], options: {cols?: number; rows?: number; env?: NodeJS.ProcessEnv} = {}) {
		this.process = spawn(command, args, {
			name: 'xterm-256color',
			cols: options.cols ?? 100,
			rows: options.rows ?? 40,
			env: {...process.env, ...options.env} as Record<string, string>,
		});
		this.process.onData(data => {
			this.#chunks.push(data);
			this.#chunkStarts.push(this.#length);
			this.#length += data.length;
			for (const wake of this.#waiters.splice(0)) {
				wake();
			}
		});
		this.exited = new Promise(resolve => {
			this.process.onExit(({exitCode}) => resolve(exitCode));
		});
	}

	/** The number of UTF-16 units written so far: an offset for `from`. */
	get outputLength(): number {
		return this.#length;
	}

	/** Everything written from `offset` on, copying only the chunks that hold it. */
	outputSince(offset = 0): string {
		const from = Math.max(0, offset);
		let low = 0;
		let high = this.#chunkStarts.length - 1;
		while (low < high) {
			const middle = Math.ceil((low + high) / 2);
			if (this.#chunkStarts[middle]! <= from) {
				low = middle;
			} else {
				high = middle - 1;
			}
		}
		if (this.#chunks.length === 0) {
			return '';
		}
		const first = this.#chunks[low]!.slice(from - this.#chunkStarts[low]!);
		return low === this.#chunks.length - 1 ? first : first + this.#chunks.slice(low + 1).join('');
	}

	/** Resolves with the time (ms since `since`) at which `predicate` first holds for the output after `from`. */
	async waitFor(predicate: (text: string) => boolean, options: {from?: number; since?: number; timeoutMs?: number; what?: string} = {}): Promise<number> {
		const from = options.from ?? 0;
		const since = options.since ?? this.started;
		const deadline = performance.now() + (options.timeoutMs ?? 20_000);
		for (;;) {
			if (predicate(this.outputSince(from))) {
				return performance.now() - since;
			}
			const remaining = deadline - performance.now();
			if (remaining <= 0) {
				throw new Error(`timed out waiting for ${options.what ?? 'output'}; last output: ${JSON.stringify(this.outputSince(Math.max(0, this.#length - 400)))}`);
			}
			await new Promise<void>(resolve => {
				const timer = setTimeout(resolve, remaining);
				this.#waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
	}

	/** The last "N of TOTAL" the status bar showed in the output after `from`. */
	static lastPosition(text: string): {index: number; total: number} | undefined {
		let last: RegExpExecArray | undefined;
		for (const match of text.matchAll(position)) {
			last = match as RegExpExecArray;
		}
		return last ? {index: Number(last[1]!.replace(/,/g, '')), total: Number(last[2]!.replace(/,/g, ''))} : undefined;
	}

	/** Presses a key and returns the ms until a frame shows a position satisfying `done`. */
	async press(key: string, done: (position: {index: number; total: number}) => boolean, what: string): Promise<number> {
		const from = this.#length;
		const since = performance.now();
		this.process.write(key);
		return this.waitFor(
			text => {
				const now = PtyApp.lastPosition(text);
				return now !== undefined && done(now);
			},
			{from, since, what},
		);
	}

	/** Peak resident set size in MB, from the kernel's high-water mark. */
	peakRssMb(): number {
		const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
		const match = /VmHWM:\s+(\d+) kB/.exec(status);
		return match ? Number(match[1]) / 1024 : Number.NaN;
	}

	async quit(): Promise<number> {
		this.process.write('\u0003');
		const code = await Promise.race([this.exited, new Promise<number>(resolve => setTimeout(() => resolve(-1), 5000))]);
		if (code === -1) {
			this.process.kill('SIGKILL');
		}
		return code;
	}
}
