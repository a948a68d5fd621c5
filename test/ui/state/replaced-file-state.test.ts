// sqlite-only: a database file replaced on disk (PostgreSQL has no file to replace).
import assert from 'node:assert/strict';
import {copyFileSync, renameSync} from 'node:fs';
import {describe, it} from 'node:test';
import {DatabaseReplacedError} from '../../../source/store/database-file.js';
import type {CarriedSession} from '../../../source/ui/state/replaced-file-state.js';
import {ReplacedFileState, replacedFileNotice} from '../../../source/ui/state/replaced-file-state.js';
import {migratedDatabase} from '../../helpers/database.js';
import {sliceContext, until} from './slice-context.js';

function makeState(fileCheckMs: number, database: Parameters<typeof sliceContext>[0]) {
	const {context, seen} = sliceContext(database);
	const events = {reopened: [] as CarriedSession[], released: 0, stoppedReading: 0};
	const state = new ReplacedFileState(
		context,
		{fileCheckMs, onReopen: carried => events.reopened.push(carried), onFileReplaced: () => events.released++},
		{carried: () => ({draft: 'my draft', account: undefined}), stopReading: () => events.stoppedReading++},
	);
	return {state, context, seen, events};
}

describe('the replaced file slice', () => {
	it('notices the file replaced at the path, says so, and R reopens carrying the draft', async () => {
		const {database, file} = await migratedDatabase('app.db', 'sqlite');
		const {state, context, seen, events} = makeState(20, database);
		assert.equal(state.handleGlobalKey('R'), true);
		assert.deepEqual(events.reopened, [], 'R does nothing while the file is the one opened');
		assert.equal(state.refusedWrite('compose'), undefined);
		copyFileSync(file, `${file}.backup`);
		renameSync(`${file}.backup`, file);
		await until(() => state.fileReplaced, 'the notice');
		assert.deepEqual(context.messages.current, {text: replacedFileNotice, tone: 'error'});
		assert.equal(events.stoppedReading, 1);
		assert.equal(events.released, 1, 'the caller closes the old file');
		assert.ok(seen.frames > 0);
		assert.match(state.refusedWrite('compose') ?? '', /the draft is kept: Esc, then R reopens the file now at the path$/);
		state.handleGlobalKey('R');
		assert.deepEqual(events.reopened, [{draft: 'my draft', account: undefined}]);
		state.dispose();
	});

	it('learns of the replacement from a refused write too', async () => {
		const {database} = await migratedDatabase('other.db', 'sqlite');
		const {state, events} = makeState(0, database);
		const said = state.writeFailure(new DatabaseReplacedError(database.location.display), 'form');
		assert.match(said, /; Esc, then R reopens the file now at the path$/);
		assert.equal(state.fileReplaced, true);
		assert.equal(events.released, 1);
		assert.equal(state.writeFailure(new Error('disk full\nmore'), 'view'), 'error: disk full');
		assert.equal(events.released, 1, 'once');
	});
});
