// The adopted tutorial database (test/helpers/adopted-tutorial.ts) with the rows its looser schema lets other
// programs write, added by the engine's own shell (sqlite3 or psql): NULL usernames, emails, bodies, timestamps and
// user ids, names our rules refuse (spaces, escape sequences), an email without @, an empty and an overlong body.
import {adoptedTutorialDatabase} from '../helpers/adopted-tutorial.js';
import type {FlaskTutorialDatabase} from '../helpers/flask-tutorial.js';
import {isPostgres, sqlShell} from '../shared-database/foreign-clients.js';

export type LooseDatabase = FlaskTutorialDatabase & {
	/** Ids of the odd rows, by what they are. */
	ids: {
		namelessUser: number;
		hostileUser: number;
		spacedUser: number;
		undatedPost: number;
		secondUndatedPost: number;
		authorlessPost: number;
		/** A post whose user_id names no user: SQLite only (PostgreSQL's foreign key refuses it). */
		orphanPost: number | undefined;
		namelessUsersPost: number;
		emptyPost: number;
		/** Over 140 characters: SQLite only (PostgreSQL's VARCHAR(140) refuses it). */
		longPost: number | undefined;
		/** A post whose user_id (15) lies in a gap between user ids (up to 20): SQLite only, as orphanPost. */
		gapOrphanPost: number | undefined;
	};
	/** Every user id. */
	userIds: number[];
	/** Every post id. */
	postIds: number[];
};

/** The escape sequences a hostile username holds: a window-title OSC and a colour. */
export const hostileName = 'evil\u001B]0;owned\u0007\u001B[31mred';

export async function looseTutorialDatabase(): Promise<LooseDatabase> {
	const made = await adoptedTutorialDatabase();
	const postgres = isPostgres(made.location);
	const esc = postgres ? 'chr(27)' : 'char(27)';
	const bel = postgres ? 'chr(7)' : 'char(7)';
	const hostile = `'evil' || ${esc} || ']0;owned' || ${bel} || ${esc} || '[31mred'`;
	const susan = made.users.find(user => user.username === 'susan')!.id;
	// The tutorial's own timestamps are naive UTC from datetime.utcnow; these are an hour apart, an hour ago and earlier.
	const inserts = [
		`INSERT INTO "user" (username, email) VALUES (NULL, NULL)`,
		`INSERT INTO "user" (username, email) VALUES (${hostile}, 'no-at-sign')`,
		`INSERT INTO "user" (username, email) VALUES ('has spaces', '')`,
		`INSERT INTO post (body, "timestamp", user_id) VALUES ('undated post', NULL, ${susan})`,
		`INSERT INTO post (body, "timestamp", user_id) VALUES ('second undated', NULL, NULL)`,
		`INSERT INTO post (body, "timestamp", user_id) VALUES ('authorless post', '2026-01-02 03:04:05.123456', NULL)`,
		`INSERT INTO post (body, "timestamp", user_id) SELECT 'by the nameless', '2026-01-03 00:00:00', id FROM "user" WHERE username IS NULL`,
		`INSERT INTO post (body, "timestamp", user_id) VALUES ('', '2026-01-01 00:00:00', ${susan})`,
		`INSERT INTO post (body, "timestamp", user_id) SELECT 'hostile says hi', '2026-01-04 00:00:00', id FROM "user" WHERE email = 'no-at-sign'`,
	];
	if (!postgres) {
		inserts.push(
			`PRAGMA foreign_keys = OFF; INSERT INTO post (body, "timestamp", user_id) VALUES ('orphan post', '2026-01-05 00:00:00', 999)`,
			`INSERT INTO post (body, "timestamp", user_id) VALUES ('${'long '.repeat(40)}end', '2026-01-06 00:00:00', ${susan})`,
			// A gap in the user ids with a post in it: a user deleted by a program that left foreign keys off.
			`INSERT INTO "user" (id, username, email) VALUES (20, 'late', 'late@example.com')`,
			`INSERT INTO post (body, "timestamp", user_id) VALUES ('gap orphan', '2026-01-08 00:00:00', 15)`,
		);
	}
	await sqlShell(made.location, `${inserts.join(';\n')};`);
	const one = async (sql: string): Promise<number> => Number(await sqlShell(made.location, sql));
	const postId = async (body: string): Promise<number> => one(`SELECT id FROM post WHERE body = '${body}'`);
	const ids = {
		namelessUser: await one('SELECT id FROM "user" WHERE username IS NULL'),
		hostileUser: await one(`SELECT id FROM "user" WHERE email = 'no-at-sign'`),
		spacedUser: await one(`SELECT id FROM "user" WHERE username = 'has spaces'`),
		undatedPost: await postId('undated post'),
		secondUndatedPost: await postId('second undated'),
		authorlessPost: await postId('authorless post'),
		orphanPost: postgres ? undefined : await postId('orphan post'),
		namelessUsersPost: await postId('by the nameless'),
		emptyPost: await postId(''),
		longPost: postgres ? undefined : await one(`SELECT id FROM post WHERE body LIKE 'long %'`),
		gapOrphanPost: postgres ? undefined : await postId('gap orphan'),
	};
	const postIds = (await sqlShell(made.location, 'SELECT id FROM post ORDER BY id')).split('\n').map(Number);
	const userIds = (await sqlShell(made.location, 'SELECT id FROM "user" ORDER BY id')).split('\n').map(Number);
	return {...made, ids, postIds, userIds};
}
