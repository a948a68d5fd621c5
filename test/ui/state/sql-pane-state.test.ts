import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {listHeight, sqlPaneRows} from '../../../source/ui/layout.js';
import {SqlPaneState} from '../../../source/ui/state/sql-pane-state.js';

describe('the SQL pane slice', () => {
	it('opens and closes with `, taking its rows from the body and the lists', () => {
		let resized = 0;
		const pane = new SqlPaneState({height: 30, width: 100}, () => resized++);
		const body = pane.bodyRows();
		assert.equal(pane.listRows('feed'), listHeight('feed', 30));
		assert.equal(pane.handleGlobalKey('`'), true);
		assert.equal(pane.open, true);
		assert.equal(resized, 1, 'the lists are told their new height');
		assert.equal(pane.paneRows(), sqlPaneRows(30));
		assert.equal(pane.bodyRows(), body - sqlPaneRows(30));
		assert.equal(pane.listRows('feed'), listHeight('feed', 30) - sqlPaneRows(30));
		pane.handleGlobalKey('`');
		assert.equal(pane.open, false);
		assert.equal(pane.bodyRows(), body);
	});

	it('follows the terminal, and tells the lists only when the height changed', () => {
		let resized = 0;
		const pane = new SqlPaneState({height: 30, width: 100}, () => resized++);
		pane.setHeight(30);
		assert.equal(resized, 0);
		pane.setHeight(20);
		pane.setWidth(60);
		assert.equal(resized, 1);
		assert.equal(pane.width, 60);
		assert.equal(pane.listRows('users'), listHeight('users', 20));
	});

	it('leaves other keys alone', () => {
		const pane = new SqlPaneState({height: 30, width: 100}, () => undefined);
		assert.equal(pane.handleGlobalKey('m'), false);
		assert.equal(pane.open, false);
	});
});
