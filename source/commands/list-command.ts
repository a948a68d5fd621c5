import stringWidth from 'string-width';
import type {Command} from '../cli-args.js';
import type {DatabaseLocation} from '../config.js';
import {assertOwnDatabase} from '../db/migrator.js';
import type {Reader} from '../db/reader.js';
import {timeKeyIso} from '../db/stored-time.js';
import {UserError} from '../errors.js';
import {feedPage} from '../store/feed-pages.js';
import {userPage} from '../store/users-query.js';
import {placeholders, shownAuthor, shownBody, shownEmail, shownUsername} from '../text/placeholders.js';
import {sanitize} from '../text/sanitize.js';
import {statementLogger} from './statement-log.js';
import {print, withReader} from './with-database.js';

type ListCommand = Extract<Command, {kind: 'list'}>;

function localTime(date: Date | undefined): string {
	if (!date) {
		return '-';
	}
	if (Number.isNaN(date.getTime())) {
		// Another program stored text that names no time.
		return '?';
	}
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The schema's column widths (VARCHAR(64), VARCHAR(120)): as wide as a name or address our own code writes. */
const maxUsernameCells = 64;
const maxEmailCells = 120;

/**
 * At most `limit` cells, ending in `…`. By code point, not grapheme: a listing cuts only a name no
 * program of ours writes, and the UI's grapheme segmenter would add to every listing's start.
 */
function cutCells(text: string, limit: number): string {
	let cut = '';
	let used = 0;
	for (const codePoint of text) {
		const width = stringWidth(codePoint);
		if (used + width > limit - 1) {
			break;
		}
		cut += codePoint;
		used += width;
	}
	return `${cut}…`;
}

function padCells(text: string, width: number): string {
	return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

/**
 * Aligned columns, measured in terminal cells so CJK and emoji line up. A column with a limit is cut to
 * it with an ellipsis: other programs can store a 300-character username (SQLite does not enforce
 * VARCHAR(64)), and one such row must not push every other row's post off the screen. The last column,
 * the post itself, is never cut: the listing is how a whole post is read without the TUI.
 */
function printTable(header: string[], rows: string[][], limits: ReadonlyArray<number | undefined> = []): void {
	const cut = (cell: string, column: number) => {
		const limit = limits[column];
		return limit === undefined || stringWidth(cell) <= limit ? cell : cutCells(cell, limit);
	};
	const cutRows = rows.map(row => row.map((cell, column) => cut(cell, column)));
	const widths = header.map((title, column) =>
		Math.max(stringWidth(title), ...cutRows.map(row => stringWidth(row[column] ?? ''))),
	);
	const line = (cells: string[]) =>
		cells
			.map((cell, column) => (column === cells.length - 1 ? cell : padCells(cell, widths[column]!)))
			.join('  ')
			.trimEnd();
	print(line(header));
	for (const row of cutRows) {
		print(line(row));
	}
}

async function assertReady(database: Reader): Promise<void> {
	const status = await assertOwnDatabase(database);
	if (status.pending.length > 0) {
		throw new UserError(
			`${database.location.display} has pending migrations (${status.pending.join(', ')}); run 'microblog-tui --migrate' first`,
		);
	}
}

async function listPosts(database: Reader, command: ListCommand): Promise<void> {
	const posts = await feedPage(database, {
		sort: {field: command.sort, reverse: command.reverse},
		limit: command.limit,
	});
	if (command.json) {
		// Every stored digit of the time, in UTC (a Date would cut microseconds). NULL stays null: no placeholder in JSON.
		const rows = posts.map(post => ({
			id: post.id,
			body: post.body,
			timestamp: post.timeKey === null ? null : timeKeyIso(post.timeKey),
			userId: post.userId,
			username: post.username,
		}));
		print(JSON.stringify(rows, null, 2));
		return;
	}
	printTable(
		['ID', 'TIME', 'AUTHOR', 'POST'],
		posts.map(post => [
			String(post.id),
			post.timeKey === null ? placeholders.time : localTime(post.timestamp),
			sanitize(shownAuthor(post).text),
			sanitize(shownBody(post.body).text),
		]),
		[undefined, undefined, maxUsernameCells],
	);
}

async function listUsers(database: Reader, command: ListCommand): Promise<void> {
	const users = await userPage(database, {
		sort: {field: command.sort === 'timestamp' ? 'latest' : 'username', reverse: command.reverse},
		limit: command.limit,
	});
	if (command.json) {
		const rows = users.map(({latestPostKey, ...user}) => ({...user, latestPost: latestPostKey === undefined ? null : timeKeyIso(latestPostKey)}));
		print(JSON.stringify(rows, null, 2));
		return;
	}
	printTable(
		['ID', 'USERNAME', 'EMAIL', 'POSTS', 'LATEST POST'],
		users.map(user => [
			String(user.id),
			sanitize(shownUsername(user.username).text),
			sanitize(shownEmail(user.email).text),
			String(user.postCount),
			localTime(user.latestPost),
		]),
		[undefined, maxUsernameCells, maxEmailCells],
	);
}

export async function runList(location: DatabaseLocation, command: ListCommand): Promise<number> {
	const logging = command.sql ? {logging: statementLogger()} : {};
	return withReader(location, logging, async database => {
		await assertReady(database);
		await (command.target === 'posts' ? listPosts(database, command) : listUsers(database, command));
		return 0;
	});
}
