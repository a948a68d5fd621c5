import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Database} from '../../../source/db/connection.js';
import {PreviewState} from '../../../source/ui/state/preview-state.js';
import {SqlPaneState} from '../../../source/ui/state/sql-pane-state.js';
import {UiSettingsState} from '../../../source/ui/state/ui-settings-state.js';
import {sliceContext} from './slice-context.js';

/** The preview slice reads nothing from the database, and without a directory its setting lasts for the run. */
function makePreview(width: number) {
	const {context} = sliceContext(undefined as unknown as Database);
	const pane = new SqlPaneState({height: 30, width}, () => undefined);
	const settings = new UiSettingsState(undefined, () => undefined);
	return {preview: new PreviewState(context, pane, settings), pane, settings, context};
}

describe('the preview slice (issue 19)', () => {
	it('is on by default from 140 columns, and v toggles the remembered choice', () => {
		const {preview, settings, context} = makePreview(140);
		assert.equal(preview.shown, true);
		assert.equal(preview.handleGlobalKey('v'), true);
		assert.equal(preview.shown, false);
		assert.equal(settings.current.preview, false);
		assert.match(context.messages.current!.text, /preview pane off/);
		preview.handleGlobalKey('v');
		assert.equal(preview.shown, true);
	});

	it('below 140 columns: not shown, v says why and changes nothing; widened, the pane comes back', () => {
		const {preview, pane, settings, context} = makePreview(139);
		assert.equal(preview.shown, false);
		preview.handleGlobalKey('v');
		assert.equal(settings.current.preview, true);
		assert.equal(context.messages.current!.text, 'the preview pane needs a terminal of 140 columns or more (this one has 139)');
		pane.setWidth(200);
		assert.equal(preview.shown, true);
		assert.equal(preview.handleGlobalKey('x'), false);
	});
});
