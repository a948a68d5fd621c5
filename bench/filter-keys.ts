/**
 * The live filter's time per keystroke (issue 19): typing `c`, `ca`, `caf`, `café`, then a rare and a common needle,
 * in the built binary in a pseudo-terminal (key → the status bar's new count, which comes after the first page and
 * includes the filter's 120 ms debounce), and the same first page and count through the store in-process, beside the
 * engine's own shell (`sqlite3`, `psql`) running the same SQL on the same database.
 *
 * Run alone on a database that exists (no 1M build):
 *   BENCH_FILTER_DATABASE=/path/to/1m.db node --import tsx bench/filter-keys.ts
 * `npm run bench` runs it at the largest size, on each engine it measures.
 */
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {resolveDatabase} from '../source/config.js';
import {openDatabase} from '../source/db/connection.js';
import {countPosts} from '../source/store/feed-pages.js';
import {postPage} from '../source/store/feed-query.js';
import {globPattern, likePattern, regexPattern} from '../source/store/text-match.js';
import {PtyApp} from './pty-app.js';
import {summarise} from './stats.js';
import type {Summary} from './stats.js';

export type Record = (figure: string, unit: string, values: number[], size?: number) => void;

/** The needles typed, one key at a time for the first four, as one chunk for the last two. */
export const filterSteps: ReadonlyArray<{readonly typed: string; readonly needle: string; readonly what: string}> = [
	{typed: 'c', needle: 'c', what: '`c`'},
	{typed: 'a', needle: 'ca', what: '`ca`'},
	{typed: 'f', needle: 'caf', what: '`caf`'},
	{typed: 'é', needle: 'café', what: '`café`'},
	{typed: 'zqxj', needle: 'zqxj', what: 'rare `zqxj` (no match)'},
	{typed: 'the', needle: 'the', what: 'common `the`'},
];

function sqlString(text: string): string {
	return `'${text.replace(/'/g, "''")}'`;
}

/** The store's text condition on "Post"."body" (post-order.ts), with its values written in, for the shell. */
function shellCondition(postgres: boolean, needle: string): string {
	if (postgres) {
		return `"Post"."body" ~ ${sqlString(regexPattern(needle))}`;
	}
	const like = `"Post"."body" LIKE ${sqlString(likePattern(needle))} ESCAPE '\\'`;
	return /^[\u0000-\u007F]*$/.test(needle) ? like : `${like} AND "Post"."body" GLOB ${sqlString(globPattern(needle))}`;
}

/** The feed's first page and count as feedPage/countPosts write them (newest first, 40 rows: a 20-row window's page). */
function shellQueries(postgres: boolean, needle: string): {page: string; count: string} {
	const condition = shellCondition(postgres, needle);
	return {
		page: `SELECT "Post"."id", "Post"."body", "Post"."timestamp", "Post"."user_id", "author"."username" FROM post AS "key" JOIN post AS "Post" ON "Post"."id" = "key"."id" JOIN "user" AS "author" ON "author"."id" = "Post"."user_id" WHERE ${condition} ORDER BY "key"."timestamp" DESC, "key"."id" DESC LIMIT 40`,
		count: `SELECT count(*) FROM post AS "Post" WHERE ${condition}`,
	};
}

/** Wall time of the shell running `sql` once (the process included, as a user of the shell sees it). */
function shellMs(database: string, sql: string): {ms: number; output: string} {
	const postgres = database.startsWith('postgres');
	const started = performance.now();
	const output = postgres ? execFileSync('psql', [database, '-tAc', sql], {encoding: 'utf8'}) : execFileSync('sqlite3', [database, sql], {encoding: 'utf8'});
	return {ms: performance.now() - started, output};
}

export async function measureFilter(cli: string, database: string, size: number, runs: number, record: Record, label = ''): Promise<void> {
	const postgres = database.startsWith('postgres');
	const expected = new Map(filterSteps.map(step => [step.needle, Number(shellMs(database, shellQueries(postgres, step.needle).count).output.trim())]));
	const keyToCount = new Map<string, number[]>(filterSteps.map(step => [step.needle, []]));
	for (let run = 0; run < runs; run++) {
		const app = new PtyApp(cli, ['-d', database], {env: {NO_COLOR: '1'}});
		await app.waitFor(text => PtyApp.lastPosition(text)?.total === size, {what: 'the feed position', timeoutMs: 60_000});
		for (const step of filterSteps) {
			if (step.typed.length > 1) {
				// A needle of its own: Esc clears the filter, / opens the prompt empty.
				app.process.write('\u001B');
				await app.waitFor(text => PtyApp.lastPosition(text)?.total === size, {from: app.outputLength - 1, what: 'the whole feed', timeoutMs: 60_000});
				app.process.write('/');
				await app.waitFor(text => text.includes('filter ('), {from: app.outputLength - 1, what: 'the prompt'});
			} else if (step.needle.length === 1) {
				app.process.write('/');
				await app.waitFor(text => text.includes('filter ('), {from: app.outputLength - 1, what: 'the prompt'});
			}
			const total = expected.get(step.needle)!;
			const previous = filterSteps[filterSteps.indexOf(step) - 1];
			if (step.typed.length === 1 && previous && expected.get(previous.needle) === total) {
				// The same count as the step before (every `caf` in the generated text is `café`): the status bar is not
				// drawn again, so there is no frame to time. The store's and the shell's figures below still are.
				app.process.write(step.typed);
				// The prompt line ends with the needle (the cursor is the terminal's own, not a drawn block).
				await app.waitFor(text => text.includes(`clears): ${step.needle}\r`), {from: app.outputLength - 1, what: `the prompt showing ${step.needle}`});
				continue;
			}
			const ms = await app.press(step.typed, at => at.total === total, `${total} posts for ${step.needle}`).catch(async error => {
				await app.quit();
				throw error;
			});
			keyToCount.get(step.needle)!.push(ms);
		}
		await app.quit();
	}
	const opened = await openDatabase(resolveDatabase(database), {mode: 'existing'});
	try {
		for (const step of filterSteps) {
			const filter = {text: step.needle};
			const pages: number[] = [];
			const counts: number[] = [];
			const shellPages: number[] = [];
			const shellCounts: number[] = [];
			const queries = shellQueries(postgres, step.needle);
			for (let run = 0; run < runs; run++) {
				let started = performance.now();
				await postPage(opened, {filter, limit: 40});
				pages.push(performance.now() - started);
				started = performance.now();
				await countPosts(opened, filter);
				counts.push(performance.now() - started);
				shellPages.push(shellMs(database, queries.page).ms);
				shellCounts.push(shellMs(database, queries.count).ms);
			}
			if (keyToCount.get(step.needle)!.length > 0) {
				record(`${label}filter ${step.what}: key to the new count on screen (incl. 120 ms debounce)`, 'ms', keyToCount.get(step.needle)!, size);
			}
			record(`${label}filter ${step.what}: first page (store)`, 'ms', pages, size);
			record(`${label}filter ${step.what}: count (store)`, 'ms', counts, size);
			record(`${label}reference: ${postgres ? 'psql' : 'sqlite3 shell'}, same first page`, 'ms', shellPages, size);
			record(`${label}reference: ${postgres ? 'psql' : 'sqlite3 shell'}, same count`, 'ms', shellCounts, size);
		}
	} finally {
		await opened.close();
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const database = process.env.BENCH_FILTER_DATABASE;
	if (!database) {
		throw new Error('BENCH_FILTER_DATABASE=<file or postgres URL> names the database to measure');
	}
	const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
	const runs = Number(process.env.BENCH_RUNS ?? 5);
	const size = Number(shellMs(database, 'SELECT count(*) FROM post').output.trim());
	const rows: Array<{figure: string; unit: string} & Summary> = [];
	await measureFilter(path.join(root, 'dist', 'cli.cjs'), database, size, runs, (figure, unit, values) => {
		const row = {figure, unit, ...summarise(values)};
		rows.push(row);
		console.log(`| ${figure} | ${row.median.toFixed(0)} ${unit} | ${row.min.toFixed(0)}–${row.max.toFixed(0)} |`);
	});
}
