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
});
