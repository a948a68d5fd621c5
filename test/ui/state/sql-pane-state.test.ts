import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {listHeight, sqlPaneRows} from '../../../source/ui/layout.js';
import {SqlLog} from '../../../source/store/sql-log.js';
import {SqlPaneState} from '../../../source/ui/state/sql-pane-state.js';
import {UiSettingsState} from '../../../source/ui/state/ui-settings-state.js';

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

	it('takes the keys on f while open: scrolls by statement within the log, grows and shrinks within the body (issue 19)', () => {
		const log = new SqlLog(50);
		for (let index = 1; index <= 80; index++) {
			log.record(`SELECT ${index}`, 1);
		}
		const settings = new UiSettingsState(undefined, () => undefined);
		let resized = 0;
		const pane = new SqlPaneState({height: 30, width: 100}, () => resized++, log, settings);
		assert.equal(pane.handleFocusKey('f'), false, 'closed: f is nothing of the pane');
		pane.handleGlobalKey('`');
		assert.equal(pane.handleFocusKey('j'), false, 'unfocused: j is the list');
		assert.equal(pane.handleFocusKey('tab'), false, 'unfocused: Tab switches Feed / Users');
		assert.equal(pane.handleFocusKey('f'), true);
		assert.equal(pane.focused, true);
		pane.handleFocusKey('up');
		assert.equal(pane.anchor, 79);
		pane.handleFocusKey('g');
		assert.equal(pane.anchor, 31, 'the oldest kept of 50');
		pane.handleFocusKey('k');
		assert.equal(pane.anchor, 31);
		pane.handleFocusKey('pagedown');
		assert.ok(pane.anchor! > 31);
		pane.handleFocusKey('G');
		assert.equal(pane.anchor, undefined, 'following the newest again');
		const rows = pane.paneRows();
		resized = 0;
		for (let press = 0; press < 40; press++) {
			pane.handleFocusKey('+');
		}
		assert.equal(pane.paneRows(), 29 - 3 - 3, 'all but three rows of the body (29 rows less the tabs, message and status lines)');
		assert.ok(pane.listRows('feed') >= 1);
		assert.equal(settings.current.sqlPaneRows, pane.paneRows());
		for (let press = 0; press < 40; press++) {
			pane.handleFocusKey('-');
		}
		assert.equal(pane.paneRows(), 3);
		assert.ok(resized > 0 && rows !== 3);
		assert.equal(pane.handleFocusKey('q'), false, 'q still goes back');
		assert.equal(pane.handleFocusKey('escape'), true);
		assert.equal(pane.focused, false);
		pane.handleFocusKey('f');
		assert.equal(pane.handleFocusKey('tab'), false, 'Tab gives the keys back and switches Feed / Users');
		assert.equal(pane.focused, false);
		pane.handleFocusKey('f');
		pane.handleGlobalKey('`');
		assert.equal(pane.focused, false, 'closing gives the keys back');
	});
});
