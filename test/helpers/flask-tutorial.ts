// A database made by the Flask Mega-Tutorial's own app and migrations (test/fixtures/flask_tutorial.py, run by the
// system's /usr/bin/python3 with Debian's python3-flask-migrate, python3-flask-sqlalchemy and python3-psycopg2):
// `flask db init`, `flask db migrate`, `flask db upgrade` as chapter 4 has the reader type them, then users (with
// Werkzeug password hashes, and one without any) and posts (one with a NULL body) added through the app's models.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import path from 'node:path';
import {projectRoot} from './cli.js';
import {newDatabaseLocation, testEngine} from './engine.js';
import {tempDir} from './temp-dir.js';

export const systemPython = '/usr/bin/python3';
const fixture = path.join(projectRoot, 'test/fixtures/flask_tutorial.py');

export type FlaskTutorialUser = {
	id: number;
	username: string;
	email: string;
	/** The password the hash was made from; null for the user who has none. */
	password: string | null;
	password_hash: string | null;
	/** How the hash was made: "werkzeug default (set_password)", "werkzeug pbkdf2:sha512", "werkzeug scrypt", ... */
	method: string;
};

export type FlaskTutorialDatabase = {
	/** What microblog-tui's --database takes: the SQLite file's path, or the postgres:// URL. */
	location: string;
	/** The URL the Flask app was given as DATABASE_URL (SQLAlchemy's form). */
	databaseUrl: string;
	/** The tutorial's app (config.py, app/, microblog.py, migrations/). */
	appDir: string;
	/** alembic_version's row after `flask db upgrade`. */
	revision: string;
	/** migrations/versions, e.g. ["068b1ce1c025_users_table", "61b3c1ef65cc_posts_table"] (sorted by file name). */
	revisions: string[];
	/** The installed Werkzeug's version. */
	werkzeug: string;
	users: FlaskTutorialUser[];
	posts: Array<{id: number; body: string | null; user_id: number}>;
	/** One command of the fixture's `app` mode, run by the tutorial's app on this database; its JSON answer. */
	app: <T>(...args: string[]) => Promise<T>;
};

/** microblog-tui's location as an SQLAlchemy URL: SQLAlchemy 1.4 refuses `postgres://`, and a SQLite path goes absolute. */
export function sqlalchemyUrl(location: string): string {
	const postgres = /^postgres(?:ql)?:\/\//.exec(location);
	if (postgres) {
		return `postgresql://${location.slice(postgres[0].length)}`;
	}
	return `sqlite:///${path.resolve(location)}`;
}

/** Runs the fixture to its end; its last stdout line, parsed. */
export async function runFlaskTutorial<T>(args: readonly string[], env: NodeJS.ProcessEnv): Promise<T> {
	const result = await new Promise<{code: number | null; stdout: string; stderr: string}>((resolve, reject) => {
		const child = spawn(systemPython, [fixture, ...args], {cwd: projectRoot, env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
		child.on('error', reject);
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code, stdout, stderr});
		});
	});
	assert.equal(result.code, 0, `flask_tutorial.py ${args.join(' ')} failed (exit ${result.code}): ${result.stderr}${result.stdout}`);
	return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as T;
}

/**
 * A fresh database of `engine` (a new file in a temp dir, or a new PostgreSQL database dropped when the test file
 * ends), made by the tutorial. `passwordHashLength` 256 is the 2024 edition's column, which holds the pbkdf2:sha512
 * and scrypt users on PostgreSQL too (the 2018 edition's String(128) holds them only on SQLite, which ignores lengths).
 */
export async function flaskTutorialDatabase(options: {engine?: 'sqlite' | 'postgres'; passwordHashLength?: 128 | 256} = {}): Promise<FlaskTutorialDatabase> {
	const location = await newDatabaseLocation('app.db', options.engine ?? testEngine);
	const databaseUrl = sqlalchemyUrl(location);
	const appDir = path.join(tempDir('flask-tutorial-'), 'microblog');
	const env = {DATABASE_URL: databaseUrl};
	const made = await runFlaskTutorial<Omit<FlaskTutorialDatabase, 'location' | 'databaseUrl' | 'appDir' | 'app'>>(
		['make', appDir, '--password-hash-length', String(options.passwordHashLength ?? 128)],
		env,
	);
	return {
		...made,
		location,
		databaseUrl,
		appDir,
		app: async <T>(...args: string[]) => runFlaskTutorial<T>(['app', appDir, ...args], env),
	};
}

export function userNamed(database: FlaskTutorialDatabase, username: string): FlaskTutorialUser {
	const user = database.users.find(candidate => candidate.username === username);
	assert.ok(user, `the fixture has no user ${username}`);
	return user;
}

/**
 * The tutorial's app (as chapter 4 ends it) written to a temp dir, with no database made: for a database microblog-tui
 * made. `app` runs one of the fixture's app commands with DATABASE_URL set to `databaseUrl`, from the app's directory.
 */
export async function flaskTutorialApp(databaseUrl: string): Promise<{appDir: string; app: <T>(...args: string[]) => Promise<T>}> {
	const appDir = path.join(tempDir('flask-tutorial-'), 'microblog');
	await runFlaskTutorial(['write', appDir], {});
	return {appDir, app: async <T>(...args: string[]) => runFlaskTutorial<T>(['app', appDir, ...args], {DATABASE_URL: databaseUrl})};
}
