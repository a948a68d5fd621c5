// runs once: covers each engine itself, or needs no database.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {SqlLog} from '../../source/store/sql-log.js';

describe('SQL log', () => {
	it('keeps the newest statements, oldest first, once the ring wraps', () => {
		const log = new SqlLog(3);
		for (let index = 1; index <= 5; index++) {
			log.record(`SELECT ${index}`, index);
		}
		assert.equal(log.getCount(), 5);
		assert.deepEqual(
			log.entries().map(entry => [entry.seq, entry.sql, entry.ms]),
			[
				[3, 'SELECT 3', 3],
				[4, 'SELECT 4', 4],
				[5, 'SELECT 5', 5],
			],
		);
		// The same array until something new is recorded: a pane re-rendering for another reason copies nothing.
		assert.equal(log.entries(), log.entries());
	});

	it('tells listeners once per tick, however many statements ran in it, and nobody after unsubscribing', async () => {
		const log = new SqlLog();
		let calls = 0;
		const unsubscribe = log.subscribe(() => calls++);
		log.record('SELECT 1', 0);
		log.record('SELECT 2', 0);
		log.record('SELECT 3', 0);
		assert.equal(calls, 0);
		await Promise.resolve();
		assert.equal(calls, 1);
		unsubscribe();
		log.record('SELECT 4', 0);
		await Promise.resolve();
		assert.equal(calls, 1);
	});
});
