// runs once: covers each engine itself, or needs no database.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {commandFromFlags} from '../../source/cli-args.js';
import type {Flags} from '../../source/cli-args.js';
import {UsageError} from '../../source/errors.js';
import {runCli} from '../helpers/cli.js';

const words = ['--migrate', '--downgrade', '--status', '--check', '--seed', '--shell', '--list', '--generate', '--to', '--json',
	'--undo', '--sql', '--from', '--sort', '--reverse', '--limit', '--yes', '--user', '--users', '--posts', '--no-color', '-d', '-u', '-y',
	'posts', 'users', 'base', 'timestamp', 'username', '0', '-1', '1e9', '', ' ', '--', '---', '--=', '--list=', '--to=',
	'0001-create-user', "'; DROP TABLE user; --", '\u001B[2J', '%s%n', '../../etc/passwd', '--frob', 'x'.repeat(300)];

const flagArbitrary: fc.Arbitrary<Flags> = fc.record({
	database: fc.option(fc.string(), {nil: undefined}),
	migrate: fc.boolean(),
	downgrade: fc.boolean(),
	to: fc.option(fc.oneof(fc.string(), fc.constant('base')), {nil: undefined}),
	from: fc.option(fc.oneof(fc.string(), fc.constant('base')), {nil: undefined}),
	sql: fc.boolean(),
	status: fc.boolean(),
	json: fc.boolean(),
	check: fc.boolean(),
	seed: fc.boolean(),
	undo: fc.boolean(),
	shell: fc.boolean(),
	list: fc.option(fc.oneof(fc.constantFrom('posts', 'users'), fc.string()), {nil: undefined}),
	sort: fc.option(fc.oneof(fc.constantFrom('timestamp', 'username'), fc.string()), {nil: undefined}),
	reverse: fc.boolean(),
	limit: fc.option(fc.oneof(fc.nat().map(String), fc.string()), {nil: undefined}),
	yes: fc.boolean(),
	user: fc.option(fc.string(), {nil: undefined}),
	color: fc.boolean(),
	generate: fc.boolean(),
	users: fc.option(fc.oneof(fc.nat().map(String), fc.string()), {nil: undefined}),
	posts: fc.option(fc.oneof(fc.nat().map(String), fc.string()), {nil: undefined}),
});

describe('arguments', () => {
	it('any combination of parsed flags gives one command or a usage error, never anything else', () => {
		fc.assert(
			fc.property(flagArbitrary, fc.array(fc.string(), {maxLength: 2}), (flags, inputs) => {
				try {
					const command = commandFromFlags(flags, inputs);
					assert.equal(typeof command.kind, 'string');
				} catch (error) {
					assert.ok(error instanceof UsageError, `unexpected ${String(error)}`);
					assert.equal(error.message.includes('\n'), false);
				}
			}),
			{numRuns: 5000},
		);
	});

	it('random and malformed command lines never print a stack trace', async () => {
		const samples = fc.sample(fc.array(fc.constantFrom(...words), {minLength: 1, maxLength: 5}), {numRuns: 40, seed: 42});
		for (const args of samples) {
			// No database is touched: point everything at a path that cannot exist.
			const result = await runCli([...args, '-d', '/nonexistent-dir/for/args-test.db'], {timeoutMs: 20_000});
			assert.doesNotMatch(result.stderr, /\n\s+at |Error:|TypeError|node:internal/, `args ${JSON.stringify(args)}:\n${result.stderr}`);
			assert.ok([0, 1, 2].includes(result.code ?? -1), `exit ${result.code} for ${JSON.stringify(args)}`);
			if (result.code !== 0) {
				assert.match(result.stderr, /^microblog-tui: [^\n]+\n$/, `one line for ${JSON.stringify(args)}`);
			}
		}
	});
});
