// runs once: covers each engine itself, or needs no database.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {statementLines} from '../../source/ui/sql/sql-pane.js';

describe('statement lines', () => {
	it('wraps a statement and keeps the joins and WHERE of a long select, cutting its column list', () => {
		const columns = Array.from({length: 12}, (_, index) => `"Post"."column_${index}"`).join(', ');
		const sql = `SELECT ${columns}, (SELECT count(*) FROM post c WHERE c.user_id = u.id) AS n FROM "post" AS "Post" INNER JOIN "user" AS "author" ON "Post"."user_id" = "author"."id" WHERE ("Post"."user_id" = 7);`;
		const lines = statementLines(sql, 60, 3);
		assert.ok(lines.length <= 3);
		const text = lines.join(' ');
		// The sub-select in the column list is skipped: the cut starts at the FROM of the statement itself.
		assert.match(text, /^SELECT … FROM "post" AS "Post" INNER JOIN "user" AS "author" ON "Post"\."user_id" = "author"\."id" WHERE \("Post"\."user_id" = 7\);$/);
		assert.deepEqual(statementLines('SELECT 1', 60, 3), ['SELECT 1']);
	});

	it('cuts what still does not fit with an ellipsis, and removes control characters', () => {
		const lines = statementLines(`INSERT INTO post (body) VALUES ('${'x '.repeat(200)}\u001B[2J')`, 40, 2);
		assert.equal(lines.length, 2);
		assert.match(lines[1]!, /…$/);
		assert.doesNotMatch(lines.join(''), /\u001B/);
	});
});
