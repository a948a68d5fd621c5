// runs once: PostgreSQL URLs, whatever the engine of the run.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {promisify} from 'node:util';
import pg from 'pg';
import {runCli} from '../helpers/cli.js';
import type {CliResult} from '../helpers/cli.js';
import {createPostgresDatabase} from '../helpers/engine.js';
import {testDatabaseUrl} from '../helpers/postgres.js';

const run = promisify(execFile);

/** A password with every character a URL gives a meaning to. */
const secret = `pa/ss?wo#rd@x:y%z-${randomBytes(3).toString('hex')}`;
const encoded = encodeURIComponent(secret);
/** Neither the password, nor its encoded form, nor a recognisable piece of either. */
const leaks = [secret, encoded, 'ss?wo', 'wo#rd', 'ss%3Fwo'];

/** No password from the environment or a ~/.pgpass: only what the URL says may log in. */
const env = {PGPASSWORD: '', PGPASSFILE: '/nonexistent', PGHOST: '', PGPORT: '', PGUSER: '', PGDATABASE: ''};

function assertClean(result: CliResult, what: string): void {
	const output = result.stdout + result.stderr;
	for (const leak of leaks) {
		assert.ok(!output.includes(leak), `${what}: '${leak}' is printed:\n${output}`);
	}
	assert.doesNotMatch(result.stderr, /Warning|DEP0\d+|\(node:\d+\)/, `${what}: a Node warning is printed`);
}

async function adminQuery<Row extends object>(sql: string): Promise<Row[]> {
	const client = new pg.Client({connectionString: testDatabaseUrl});
	await client.connect();
	try {
		return (await client.query(sql)).rows as Row[];
	} finally {
		await client.end();
	}
}

if (testDatabaseUrl) {
	const serverUrl = testDatabaseUrl;
	const server = new URL(serverUrl);
	const hostPort = `${server.hostname}:${server.port || '5432'}`;
	const role = `microblog_url_${randomBytes(4).toString('hex')}`;
	let database = '';
	let socketDirectory = '';
	let drop: () => Promise<void> = async () => undefined;

	describe('a PostgreSQL URL on the command line', () => {
		before(async () => {
			const created = await createPostgresDatabase(serverUrl, 'microblog_url');
			database = new URL(created.url).pathname.slice(1);
			drop = created.drop;
			// A role of its own, whose password holds every character a URL gives a meaning to; it owns the database.
			await adminQuery(`CREATE ROLE ${role} LOGIN PASSWORD '${secret.replaceAll("'", "''")}'`);
			await adminQuery(`ALTER DATABASE ${database} OWNER TO ${role}`);
			const [socket] = await adminQuery<{dirs: string}>("SELECT setting AS dirs FROM pg_settings WHERE name = 'unix_socket_directories'");
			socketDirectory = socket?.dirs.split(',')[0]?.trim() ?? '';
		});
		after(async () => {
			await drop();
			await adminQuery(`DROP ROLE IF EXISTS ${role}`);
		});

		const forms = (): Record<string, string> => ({
			'user:password@ (encoded)': `postgres://${role}:${encoded}@${hostPort}/${database}`,
			'user:password@ (unencoded / ? # @ :)': `postgresql://${role}:${secret}@${hostPort}/${database}`,
			'?password=': `postgres://${role}@${hostPort}/${database}?password=${encoded}`,
			'&password= among other parameters': `postgres://${hostPort}/${database}?user=${role}&sslmode=disable&password=${encoded}&application_name=url-test`,
		});

		it('connects with every form and never prints the password or a Node warning', async () => {
			for (const [form, url] of Object.entries(forms())) {
				const status = await runCli(['--status', '-d', url], {env});
				assertClean(status, `--status with ${form}`);
				assert.equal(status.code, 0, `${form}: ${status.stderr}`);
				assert.match(status.stdout, new RegExp(`^database: postgres(ql)?://.*${database}`, 'm'));
			}
		});

		it('--migrate, --check, --seed, --list, --shell and --status --json with a password in the query', async () => {
			const url = `postgres://${role}@${hostPort}/${database}?password=${encoded}`;
			for (const args of [['--migrate'], ['--check'], ['--seed'], ['--list', 'posts', '--limit', '1'], ['--status', '--json']]) {
				const result = await runCli([...args, '-d', url], {env});
				assertClean(result, args.join(' '));
				assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
			}
			const shell = await runCli(['--shell', '-d', `postgresql://${role}:${secret}@${hostPort}/${database}`], {env, input: 'await Post.count()\n'});
			assertClean(shell, '--shell');
			assert.equal(shell.code, 0, shell.stderr);
			assert.match(shell.stdout, /postgresql:\/\/microblog_url_\w+:\*\*\*@/, 'the banner names the database');
			assert.match(shell.stdout, /\b36\b/);
			// psql, given the same URL form, reads what the app wrote.
			const {stdout} = await run('psql', ['-X', '-At', '-d', url, '-c', 'SELECT count(*) FROM post'], {env: {...process.env, ...env}});
			assert.equal(stdout.trim(), '36');
		});

		it('honours ?host= (a socket directory) and ?port=, and %2F in the host', async () => {
			assert.ok(socketDirectory.startsWith('/'), 'the server listens on a Unix socket');
			for (const url of [
				`postgres://${role}@/${database}?host=${socketDirectory}&port=${server.port || '5432'}&password=${encoded}`,
				`postgres://${role}:${encoded}@${encodeURIComponent(socketDirectory)}:${server.port || '5432'}/${database}`,
			]) {
				const status = await runCli(['--status', '-d', url], {env});
				assertClean(status, url.replace(encoded, '***'));
				assert.equal(status.code, 0, status.stderr);
			}
		});

		it('a wrong ?password=, a closed port, sslmode=require on a server without SSL: one line each, no password', async () => {
			const wrong = await runCli(['--status', '-d', `postgres://${role}@${hostPort}/${database}?password=${encoded}x`], {env});
			assertClean(wrong, 'a wrong password');
			assert.equal(wrong.code, 1);
			assert.match(wrong.stderr, /^microblog-tui: PostgreSQL refused the login for postgres:\/\/.*password=\*\*\*: wrong user name or password\n$/);

			const closed = await runCli(['--status', '-d', `postgres://${role}:${secret}@127.0.0.1:1/${database}`], {env});
			assertClean(closed, 'a closed port');
			assert.equal(closed.code, 1);
			assert.match(closed.stderr, /^microblog-tui: PostgreSQL at 127\.0\.0\.1:1 does not answer/);

			const socket = await runCli(['--status', '-d', `postgres://${role}@/${database}?host=/nonexistent-dir&password=${encoded}`], {env});
			assertClean(socket, 'a missing socket directory');
			assert.equal(socket.code, 1);
			assert.equal(socket.stderr.trimEnd().split('\n').length, 1, socket.stderr);
			assert.match(socket.stderr, /\/nonexistent-dir\/\.s\.PGSQL\.5432/);

			const [ssl] = await adminQuery<{ssl: string}>('SHOW ssl');
			if (ssl?.ssl === 'off') {
				const refused = await runCli(['--status', '-d', `postgres://${role}:${secret}@${hostPort}/${database}?sslmode=require`], {env});
				assertClean(refused, 'sslmode=require');
				assert.equal(refused.code, 1);
				assert.match(refused.stderr, /^microblog-tui: cannot open .*sslmode=require: The server does not support SSL connections\n$/);
			}
		});

		it('a URL without a password takes it from PGPASSWORD or a ~/.pgpass file (kept out of ps), as psql does', async () => {
			const url = `postgres://${role}@${hostPort}/${database}`;
			const fromEnv = await runCli(['--status', '-d', url], {env: {...env, PGPASSWORD: secret}});
			assertClean(fromEnv, 'PGPASSWORD');
			assert.equal(fromEnv.code, 0, fromEnv.stderr);
			const directory = mkdtempSync(path.join(tmpdir(), 'pgpass-'));
			try {
				const passFile = path.join(directory, 'pgpass');
				// .pgpass escapes ':' and '\' with a backslash. It is read only when PGPASSWORD is not set at all.
				writeFileSync(passFile, `${hostPort}:*:${role}:${secret.replaceAll('\\', '\\\\').replaceAll(':', '\\:')}\n`, {mode: 0o600});
				const fromFile = await runCli(['--status', '-d', url], {env: {...env, PGPASSWORD: undefined, PGPASSFILE: passFile}});
				assertClean(fromFile, 'PGPASSFILE');
				assert.equal(fromFile.code, 0, fromFile.stderr);
			} finally {
				rmSync(directory, {recursive: true, force: true});
			}
			const without = await runCli(['--status', '-d', url], {env});
			assert.equal(without.code, 1, 'no password anywhere: refused');
		});

		it('a URL that can be read two ways is refused (exit 2) without quoting it', async () => {
			for (const url of [`postgres://${role}:12/${secret}@${hostPort}/${database}`, `postgres://${role}:12?${secret}@${hostPort}/${database}`]) {
				const result = await runCli(['--status', '-d', url], {env});
				assertClean(result, 'an ambiguous URL');
				assert.equal(result.code, 2);
				assert.match(result.stderr, /^microblog-tui: cannot read the database URL: .*percent-encode .*\n$/);
			}
		});
	});
}
