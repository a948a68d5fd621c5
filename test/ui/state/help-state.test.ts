import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Database} from '../../../source/db/connection.js';
import {helpLayout, helpMaxOffset} from '../../../source/ui/help/help-overlay.js';
import {HelpState} from '../../../source/ui/state/help-state.js';
import type {ModalOf} from '../../../source/ui/state/modal.js';
import {Navigation} from '../../../source/ui/state/navigation.js';
import {SqlPaneState} from '../../../source/ui/state/sql-pane-state.js';
import {sliceContext} from './slice-context.js';

/** The help slice reads nothing from the database: the context's database is never used. */
function makeHelp(height: number, width: number) {
	const {context} = sliceContext(undefined as unknown as Database);
	const navigation = new Navigation({left: () => undefined, quit: () => undefined});
	const pane = new SqlPaneState({height, width}, () => undefined);
	const help = new HelpState(context, navigation, pane);
	const press = (name: string) => {
		const modal = context.modal.current;
		assert.equal(modal?.kind, 'help');
		help.handleModalKey(modal as ModalOf<'help'>, name);
	};
	return {help, context, pane, press};
}

describe('the help slice', () => {
	it('opens with ? and closes on any key when it fits', () => {
		const {help, context, press} = makeHelp(40, 100);
		assert.equal(help.handleGlobalKey('?'), true);
		assert.deepEqual(context.modal.current, {kind: 'help', offset: 0});
		press('j');
		assert.equal(context.modal.current, undefined);
	});

	it('scrolls with the list keys when taller than the screen, and closes on another key', () => {
		const {help, context, pane, press} = makeHelp(12, 40);
		const max = helpMaxOffset('feed', 40, pane.bodyRows());
		assert.ok(max > 1, 'the help is taller than the body');
		help.handleGlobalKey('?');
		press('j');
		assert.deepEqual(context.modal.current, {kind: 'help', offset: 1});
		press('G');
		assert.deepEqual(context.modal.current, {kind: 'help', offset: max});
		press('down');
		assert.deepEqual(context.modal.current, {kind: 'help', offset: max}, 'not past the end');
		press('g');
		assert.deepEqual(context.modal.current, {kind: 'help', offset: 0});
		press('x');
		assert.equal(context.modal.current, undefined);
	});

	it('lists R, Shift-Tab, u in Users and the Migrations view\'s page keys (issue 19)', () => {
		const shown = (context: Parameters<typeof helpLayout>[0]) => helpLayout(context, 100, 40).lines.join('\n');
		for (const context of ['feed', 'users', 'profile', 'post'] as const) {
			assert.match(shown(context), /Tab\/Shift-Tab {2}1 {2}2 +switch Feed \/ Users/, context);
			assert.match(shown(context), /^\? {2}R +this help \/ reopen a database file replaced on disk/m, context);
		}
		assert.match(shown('users'), /^Enter {2}u +open the selected user's profile/m);
		assert.match(shown('migrations'), /^PgUp {2}Ctrl-U +page up/m);
		assert.match(shown('migrations'), /^PgDn {2}Ctrl-D +page down/m);
		assert.match(shown('migrations'), /^\? {2}R +this help \/ reopen/m);
	});

	it('leaves other global keys alone', () => {
		const {help, context} = makeHelp(40, 100);
		assert.equal(help.handleGlobalKey('c'), false);
		assert.equal(context.modal.current, undefined);
	});
});
