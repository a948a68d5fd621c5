import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {newDatabaseLocation} from '../helpers/engine.js';
import {runForeignClient} from '../helpers/foreign-client.js';

/*
 * Seed records (SequelizeData) follow the schema: a downgrade that drops a seeded table forgets, in
 * the same transaction, the seeders that filled it, so the next --seed fills it again instead of saying
 * "every seeder is applied" over an empty table. --status lists the seeders. What another program sees
 * is read with the engine's own client (`sqlite3`, `psql`).
 */

type Status = {seeders: Array<{name: string; applied: boolean; appliedAt: string | null}>};

async function ok(args: string[], location: string): Promise<string> {
	const result = await runCli([...args, '-d', location]);
	assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
	assert.equal(result.stderr, '', `${args.join(' ')}: nothing on stderr`);
	return result.stdout;
}

/** The seed records, as a foreign client reads them. */
async function seedRecords(location: string): Promise<string[]> {
	return (await runForeignClient(location, 'SELECT name FROM "SequelizeData" ORDER BY name;\n')).split('\n').filter(Boolean);
}

/** The seed records, the users and the posts (undefined when the post table is not there), as a foreign client reads them. */
async function foreignView(location: string): Promise<{records: string[]; users: number; posts: number | undefined}> {
	const users = Number((await runForeignClient(location, 'SELECT count(*) FROM "user";\n')).trim());
	const hasPosts = (await runForeignClient(location, 'SELECT count(*) FROM "SequelizeMeta" WHERE name = \'0002-create-post\';\n')).trim() === '1';
	const posts = hasPosts ? Number((await runForeignClient(location, 'SELECT count(*) FROM post;\n')).trim()) : undefined;
	return {records: await seedRecords(location), users, posts};
}

/** The seeders `--status` lists, as `name applied|pending`, from the text and from the JSON (which must agree). */
async function listedSeeders(location: string): Promise<string[]> {
	const text = await ok(['--status'], location);
	const block = text.slice(text.indexOf('\nseeders:\n') + '\nseeders:\n'.length).trimEnd().split('\n');
	const fromText = block.map(line => {
		const match = /^ {2}(\S+)\s+(applied|pending)(?:\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)?$/.exec(line);
		assert.ok(match, `a seeder line: ${JSON.stringify(line)}`);
		return `${match[1]} ${match[2]}`;
	});
	const json = JSON.parse(await ok(['--status', '--json'], location)) as Status;
	const fromJson = json.seeders.map(seeder => {
		assert.equal(seeder.appliedAt === null, !seeder.applied, `${seeder.name}: appliedAt only when applied`);
		return `${seeder.name} ${seeder.applied ? 'applied' : 'pending'}`;
	});
	assert.deepEqual(fromText, fromJson);
	return fromJson;
}

describe('seed records follow the schema', () => {
	it('a downgrade to base forgets every seeder; after --migrate, --seed fills the tables again', async () => {
		const location = await newDatabaseLocation();
		await ok(['--migrate'], location);
		await ok(['--seed'], location);
		const down = await ok(['--downgrade', '--to', 'base', '--yes'], location);
		await ok(['--migrate'], location);
		// The report: "nothing to seed: every seeder is applied" over empty tables.
		const seeded = await ok(['--seed'], location);
		assert.equal(seeded, 'seeded   0001-demo-users\nseeded   0002-demo-posts\n');
		assert.deepEqual(await foreignView(location), {records: ['0001-demo-users', '0002-demo-posts'], users: 6, posts: 36});
		assert.match(down, /^forgot {3}0002-demo-posts {2}\(the seeder's table was dropped: --seed fills it again\)$/m);
		assert.match(down, /^forgot {3}0001-demo-users /m);
		assert.deepEqual(await listedSeeders(location), ['0001-demo-users applied', '0002-demo-posts applied']);
	});

	it('after a downgrade to base a foreign client finds no seed record, and --status lists every seeder pending', async () => {
		const location = await newDatabaseLocation();
		await ok(['--migrate'], location);
		await ok(['--seed'], location);
		await ok(['--downgrade', '--to', 'base', '--yes'], location);
		assert.deepEqual(await seedRecords(location), []);
		assert.deepEqual(await listedSeeders(location), ['0001-demo-users pending', '0002-demo-posts pending']);
	});

	it('a downgrade that drops only post forgets only the posts seeder; --seed --undo then removes both', async () => {
		const location = await newDatabaseLocation();
		await ok(['--migrate'], location);
		await ok(['--seed'], location);

		const down = await ok(['--downgrade', '--to', '0001-create-user', '--yes'], location);
		assert.match(down, /^forgot {3}0002-demo-posts /m);
		assert.doesNotMatch(down, /0001-demo-users/);
		assert.deepEqual(await foreignView(location), {records: ['0001-demo-users'], users: 6, posts: undefined});
		assert.deepEqual(await listedSeeders(location), ['0001-demo-users applied', '0002-demo-posts pending']);

		await ok(['--migrate'], location);
		const seeded = await ok(['--seed'], location);
		assert.equal(seeded, 'seeded   0002-demo-posts\n');
		assert.deepEqual(await foreignView(location), {records: ['0001-demo-users', '0002-demo-posts'], users: 6, posts: 36});

		const undone = await ok(['--seed', '--undo'], location);
		assert.equal(undone, 'reverted 0002-demo-posts\nreverted 0001-demo-users\n');
		assert.deepEqual(await foreignView(location), {records: [], users: 0, posts: 0});
		assert.deepEqual(await listedSeeders(location), ['0001-demo-users pending', '0002-demo-posts pending']);
	});

	it('a downgrade that drops no table keeps every seed record', async () => {
		const location = await newDatabaseLocation();
		await ok(['--migrate'], location);
		await ok(['--seed'], location);
		const down = await ok(['--downgrade', '--to', '0002-create-post'], location);
		assert.doesNotMatch(down, /forgot/);
		assert.deepEqual(await foreignView(location), {records: ['0001-demo-users', '0002-demo-posts'], users: 6, posts: 36});
		assert.equal(await ok(['--migrate'], location).then(() => ok(['--seed'], location)), 'nothing to seed: every seeder is applied\n');
	});
});
