/**
 * `node --import tsx bench/paste.ts` (after `npm run build`): how quickly the compose box answers a key after a
 * 1 MB paste, measured from outside on the built binary in a pseudo-terminal (issue 17: the UI answers the next
 * key within 100 ms, whatever arrived). PASTE_RUNS (default 5) runs; PASTE_BYTES (default 1 MiB).
 *
 * Two figures per run:
 * - paste + key: from the first byte of the paste written into the terminal to the frame that shows the effect of
 *   an Esc written right after it, the feed again (everything the app had to read before that key, and the key);
 * - key after the paste: once that frame is out, c, to the frame of the compose box with the draft the paste left.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {PtyApp} from './pty-app.js';
import {summarise} from './stats.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.cjs');
const runs = Number(process.env.PASTE_RUNS ?? 5);
const bytes = Number(process.env.PASTE_BYTES ?? 1024 * 1024);
const work = mkdtempSync(path.join(tmpdir(), 'microblog-paste-'));

/** The count the compose box shows, e.g. 339 for "339/140", in the output after `from`. */
function lastCount(text: string): number | undefined {
	const matches = [...text.matchAll(/(\d+)\/140/g)];
	return matches.length > 0 ? Number(matches.at(-1)![1]) : undefined;
}

/**
 * Writes the paste into the terminal in pieces, with a turn of the event loop between them: one write of a megabyte
 * blocked this process in the pty's write while the app, its output unread, blocked writing a frame.
 */
async function writePaste(app: PtyApp, paste: string): Promise<void> {
	for (let offset = 0; offset < paste.length; offset += 4096) {
		app.process.write(paste.slice(offset, offset + 4096));
		await new Promise(resolve => setImmediate(resolve));
	}
}

async function main(): Promise<void> {
	const database = path.join(work, 'app.db');
	execFileSync(process.execPath, [cli, '--migrate', '-d', database], {stdio: 'ignore'});
	execFileSync(process.execPath, [cli, '--seed', '-d', database], {stdio: 'ignore'});
	// Words with a multi-byte character; the space first, so that the end of the draft is never a space that the
	// count (of the trimmed text) leaves out.
	const unit = ' paste é';
	const paste = unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit)));
	const pasteAndKey: number[] = [];
	const keyAfter: number[] = [];
	const drafts: number[] = [];
	for (let run = 0; run < runs; run++) {
		// Its own data directory: the draft the paste leaves is kept there (issue 19), not offered to the next run.
		const app = new PtyApp(cli, ['-d', database, '--user', 'john'], {env: {NO_COLOR: '1', DATABASE_URL: '', XDG_DATA_HOME: path.join(work, `data-${run}`)}});
		await app.waitFor(text => text.includes('john'), {what: 'the sign-in form'});
		app.process.write('microblog-demo');
		await app.waitFor(text => text.includes('•'.repeat(14)), {what: 'the typed password'});
		app.process.write('\r');
		await app.waitFor(text => text.includes('signed in as john'), {what: 'sign-in', timeoutMs: 60_000});
		await app.waitFor(text => PtyApp.lastPosition(text) !== undefined, {what: 'the feed position'});
		const composing = app.outputLength;
		app.process.write('c');
		await app.waitFor(text => text.includes('0/140'), {from: composing, what: 'the compose box'});
		let from = app.outputLength;
		let since = performance.now();
		// Bracketed, as a terminal sends a paste to an app that turned the mode on (issue 19).
		await writePaste(app, `\u001B[200~${paste}\u001B[201~`);
		// Esc closes the box: the feed's rows come back (the newest seeded post ends with "(#36)").
		app.process.write('\u001B');
		pasteAndKey.push(await app.waitFor(text => text.includes('(#36)'), {from, since, what: 'the feed after Esc', timeoutMs: 120_000}));
		// c opens it again, with the draft as the paste left it.
		from = app.outputLength;
		since = performance.now();
		app.process.write('c');
		keyAfter.push(await app.waitFor(text => lastCount(text) !== undefined, {from, since, what: 'the compose box again'}));
		drafts.push(lastCount(app.outputSince(from))!);
		console.error(`  run ${run + 1}: paste + key ${pasteAndKey.at(-1)!.toFixed(1)} ms, key after ${keyAfter.at(-1)!.toFixed(1)} ms, draft ${drafts.at(-1)!}`);
		await app.quit();
	}
	// Reference: the same paste, written the same way, into a bare node process that reads its terminal raw and
	// prints one line when it reads the Esc: what moving a megabyte through the pseudo-terminal costs by itself.
	const reader = [
		"process.stdin.setRawMode(true);",
		"process.stdout.write('ready\\n');",
		"process.stdin.on('data', chunk => { if (chunk.includes(27)) { process.stdout.write('esc seen\\n'); process.exit(0); } });",
	].join('');
	const transfer: number[] = [];
	for (let run = 0; run < runs; run++) {
		const bare = new PtyApp(process.execPath, ['-e', reader]);
		await bare.waitFor(text => text.includes('ready'), {what: 'the bare reader'});
		const from = bare.outputLength;
		const since = performance.now();
		await writePaste(bare, paste);
		bare.process.write('\u001B');
		transfer.push(await bare.waitFor(text => text.includes('esc seen'), {from, since, what: 'the bare reader to see Esc', timeoutMs: 120_000}));
		await bare.exited;
	}
	const show = (figure: string, values: number[], unit: string) => {
		const summary = summarise(values);
		console.log(`${figure}: median ${summary.median.toFixed(1)} ${unit} (min ${summary.min.toFixed(1)}, max ${summary.max.toFixed(1)}, n=${summary.runs})`);
	};
	console.log(`paste of ${paste.length.toLocaleString('en-US')} characters (${Buffer.byteLength(paste).toLocaleString('en-US')} bytes) into the compose box`);
	show('paste + key: first byte of the paste to the frame of the Esc after it', pasteAndKey, 'ms');
	show('key after the paste: c to the compose box', keyAfter, 'ms');
	show('reference: the same paste and Esc read by a bare node process in raw mode', transfer, 'ms');
	show('the count the compose box shows after the paste (the draft less its leading space)', drafts, 'characters');
}

try {
	await main();
} finally {
	rmSync(work, {recursive: true, force: true});
}
