import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {newDatabaseLocation} from '../helpers/engine.js';

/** The Flask tutorial's shell session, in Sequelize terms, one statement a line. */
const session = [
	"const u = User.build({username: 'john', email: 'john@example.com'})",
	'await u.save(); `saved:${u.id}`',
	"(await User.findAll()).map(user => `all:${user.id}:${user.username}`).join(',')",
	'const found = await User.findByPk(1); `pk:${found.username}`',
	"const p = await u.createPost({body: 'my first post!'})",
	"(await u.getPosts()).map(post => `posts:${post.body}`).join(',')",
	'`author:${(await p.getAuthor()).username}`',
	"await User.create({username: 'susan', email: 'susan@example.com'}); 'created susan'",
	"(await User.findAll({order: [['username', 'DESC']]})).map(user => user.username).join('>')",
	"await sequelize.transaction(async transaction => { await User.create({username: 'ghost', email: 'ghost@example.com'}, {transaction}); throw new Error('roll back') }).catch(error => `rolled:${error.message}`)",
	'`count:${await User.count({where: {username: {[Op.like]: "%o%"}}})}`',
	'`total:${await User.count()}`',
].join('\n');

/** What the shell printed for each line fed to it: stdout cut at each prompt, the banner dropped. */
function outputsPerLine(stdout: string): string[] {
	return stdout.split('microblog> ').slice(1);
}

async function migratedDatabase(): Promise<string> {
	const database = await newDatabaseLocation();
	assert.equal((await runCli(['--migrate', '-d', database])).code, 0);
	return database;
}

describe('--shell', () => {
	it('runs the tutorial session fed on stdin', async () => {
		const database = await newDatabaseLocation();
		assert.equal((await runCli(['--migrate', '-d', database])).code, 0);
		const result = await runCli(['--shell', '-d', database], {input: `${session}\n`});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /In scope: sequelize, User, Post, Op/);
		const expected = [
			"'saved:1'",
			"'all:1:john'",
			"'pk:john'",
			"'posts:my first post!'",
			"'author:john'",
			"'susan>john'",
			"'rolled:roll back'",
			"'count:1'",
			"'total:2'",
		];
		let from = 0;
		for (const line of expected) {
			const at = result.stdout.indexOf(line, from);
			assert.ok(at >= 0, `expected ${line} after position ${from} in:\n${result.stdout}`);
			from = at;
		}
	});

	it('reports a rejected await in one line and runs the lines after it', async () => {
		const database = await migratedDatabase();
		const input = [
			"await User.create({username: 'x', email: 'bad'})",
			'1+1',
			"await User.create({username: 'ann', email: 'ann@example.com'}); 'created'",
			"await User.create({username: 'ann', email: 'ann2@example.com'})",
			'null.x',
			"throw 'plain'",
			'await User.count()',
		].join('\n');
		const result = await runCli(['--shell', '-d', database], {input: `${input}\n`});
		assert.equal(result.code, 0, result.stderr);
		assert.deepEqual(outputsPerLine(result.stdout), [
			'Uncaught SequelizeValidationError: email is not a valid address\n',
			'2\n',
			"'created'\n",
			'Uncaught SequelizeUniqueConstraintError: username must be unique\n',
			"Uncaught TypeError: Cannot read properties of null (reading 'x')\n",
			"Uncaught 'plain'\n",
			'1\n',
			'',
		]);
		assert.equal(result.stderr, '');
	});

	it('prints the whole error with its stack when DEBUG is set', async () => {
		const database = await migratedDatabase();
		const input = "await User.create({username: 'x', email: 'bad'})\n1+1\n";
		const result = await runCli(['--shell', '-d', database], {input, env: {DEBUG: '1'}});
		assert.equal(result.code, 0, result.stderr);
		const [error, sum] = outputsPerLine(result.stdout);
		assert.match(error ?? '', /^Uncaught:?\n?.*SequelizeValidationError.*email is not a valid address/);
		assert.match(error ?? '', /^ {4}at .*User\.create/m);
		assert.match(error ?? '', /validatorKey: 'isEmail'/);
		assert.equal(sum, '2\n');
	});

	it('reports a syntax error and runs the lines after it', async () => {
		const database = await migratedDatabase();
		const input = "foo bar\n1+1\nawait User.count()\n";
		const result = await runCli(['--shell', '-d', database], {input});
		assert.equal(result.code, 0, result.stderr);
		const outputs = outputsPerLine(result.stdout);
		assert.equal(outputs.length, 4, result.stdout);
		// The REPL's own form: the line, a caret under the fault, then the message.
		assert.match(outputs[0] ?? '', /^foo bar\n +\^+\n\nUncaught SyntaxError: \S.*\n$/);
		assert.deepEqual(outputs.slice(1), ['2\n', '0\n', '']);
	});

	it('rolls back a transaction whose callback throws, and goes on', async () => {
		const database = await migratedDatabase();
		const input = [
			"await User.create({username: 'kept', email: 'kept@example.com'}); 'kept'",
			"await sequelize.transaction(async transaction => { await User.create({username: 'ghost', email: 'ghost@example.com'}, {transaction}); await Post.create({body: 'boo', user_id: 1}, {transaction}); throw new Error('roll back') })",
			"(await User.findAll({order: [['id', 'ASC']]})).map(user => user.username).join(',')",
			'await Post.count()',
		].join('\n');
		const result = await runCli(['--shell', '-d', database], {input: `${input}\n`});
		assert.equal(result.code, 0, result.stderr);
		assert.deepEqual(outputsPerLine(result.stdout), ["'kept'\n", 'Uncaught Error: roll back\n', "'kept'\n", '0\n', '']);
	});

	it('runs a statement spread over several lines, as typed', async () => {
		const database = await migratedDatabase();
		const input = [
			'const double = n => {',
			'  return n * 2',
			'}',
			'double(21)',
			'await sequelize.transaction(async transaction => {',
			"  await User.create({username: 'ghost', email: 'ghost@example.com'}, {transaction})",
			"  throw new Error('roll back')",
			'}).catch(error => `rolled:${error.message}`)',
			'await User.count()',
		].join('\n');
		const result = await runCli(['--shell', '-d', database], {input: `${input}\n`});
		assert.equal(result.code, 0, result.stderr);
		// The REPL's continuation prompt for each line that finishes no statement; a declaration prints nothing.
		assert.deepEqual(outputsPerLine(result.stdout), ['... ... ', '42\n', "... ... ... 'rolled:roll back'\n", '0\n', '']);
	});

	it('shows models as the tutorial does: <User john>, <Post body…>, a list one per line; toJSON() still gives the data', async () => {
		const database = await migratedDatabase();
		const input = [
			"const u = await User.create({username: 'john', email: 'john@example.com'}); u",
			"await User.create({username: 'susan', email: 'susan@example.com'})",
			"await u.createPost({body: 'my first post!'})",
			// A long body is cut; an escape sequence in a body never reaches the terminal.
			"await u.createPost({body: 'Keyset pagination beats OFFSET every time, and here is a long story about why that is so.'})",
			"await u.createPost({body: 'red \\u001b[31malert'})",
			"await User.findAll({order: [['id', 'ASC']]})",
			"await User.findAll({attributes: ['id'], order: [['id', 'ASC']]})",
			'await u.getPosts({order: [["id", "ASC"]]})',
			'await User.findAll({where: {id: 99}})',
			'console.log(u)',
			"console.log(await User.findAll({order: [['id', 'ASC']]}))",
			'JSON.stringify((await User.findByPk(1)).toJSON())',
			'u.toJSON().email',
		].join('\n');
		const result = await runCli(['--shell', '-d', database], {input: `${input}\n`});
		assert.equal(result.code, 0, result.stderr);
		assert.deepEqual(outputsPerLine(result.stdout), [
			'<User john>\n',
			'<User susan>\n',
			'<Post my first post!>\n',
			'<Post Keyset pagination beats OFFSET every ti…>\n',
			'<Post red alert>\n',
			'[\n  <User john>,\n  <User susan>\n]\n',
			'[\n  <User #1>,\n  <User #2>\n]\n',
			'[\n  <Post my first post!>,\n  <Post Keyset pagination beats OFFSET every ti…>,\n  <Post red alert>\n]\n',
			'[]\n',
			'<User john>\n',
			'[ <User john>, <User susan> ]\n',
			`'{"id":1,"username":"john","email":"john@example.com","password_hash":null}'\n`,
			"'john@example.com'\n",
			'',
		]);
		assert.equal(result.stderr, '');
	});

	it('stops a script at .exit', async () => {
		const database = await migratedDatabase();
		const input = "await User.create({username: 'ann', email: 'ann@example.com'}); 'created'\n.exit\nawait User.destroy({where: {}})\n";
		const result = await runCli(['--shell', '-d', database], {input});
		assert.equal(result.code, 0, result.stderr);
		assert.deepEqual(outputsPerLine(result.stdout), ["'created'\n", '']);
		const count = await runCli(['--shell', '-d', database], {input: 'await User.count()\n'});
		assert.deepEqual(outputsPerLine(count.stdout), ['1\n', '']);
	});
});
