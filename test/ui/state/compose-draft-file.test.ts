import assert from 'node:assert/strict';
import {existsSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {draftFile} from '../../../source/store/draft-file.js';
import {AccountsState} from '../../../source/ui/state/accounts-state.js';
import {ComposeState, draftRestored} from '../../../source/ui/state/compose-state.js';
import type {ModalOf} from '../../../source/ui/state/modal.js';
import {migratedDatabase} from '../../helpers/database.js';
import {tempDir} from '../../helpers/temp-dir.js';
import {addUser, fileState, pressEach, sliceContext, until} from './slice-context.js';

const {database} = await migratedDatabase();
const alice = await addUser('alice');

/** A session's compose slice keeping its draft in `data` (as XDG_DATA_HOME), written at once. */
function session(data: string) {
	const {context} = sliceContext(database);
	const file = fileState(context);
	const accounts = new AccountsState(context, file, {openCompose: () => compose.open(), registered: () => undefined});
	const drafts = draftFile(database.location, {env: {XDG_DATA_HOME: data}, debounceMs: 0});
	const compose: ComposeState = new ComposeState(context, accounts, file, {posted: () => undefined, drafts});
	accounts.account = alice;
	const press = (...keys: string[]) => pressEach((name, text) => compose.handleModalKey(context.modal.current as ModalOf<'compose'>, name, text), ...keys);
	return {compose, context, press};
}

describe('the compose slice keeps its draft on disk', () => {
	it('the first c of the next session offers it with a note; posting removes it', async () => {
		const data = tempDir();
		const first = session(data);
		first.compose.handleGlobalKey('c');
		first.press('left unsent');
		first.compose.dispose();

		const second = session(data);
		second.compose.handleGlobalKey('c');
		assert.equal(second.compose.draft, 'left unsent');
		assert.deepEqual(second.context.messages.current, {text: draftRestored, tone: 'info'});
		second.press('escape');
		second.context.messages.clear();
		// The second c of the session shows the draft as it is, with no note.
		second.compose.handleGlobalKey('c');
		assert.equal(second.context.messages.current, undefined);
		second.press('enter');
		await until(() => second.context.modal.current === undefined, 'the post');
		const directory = path.join(data, 'microblog-tui', 'drafts');
		assert.deepEqual(existsSync(directory) ? readdirSync(directory) : [], []);
		assert.equal(session(data).compose.draft, '');
	});

	it('what the file holds is typed into the draft: escape sequences and line breaks never reach the box raw', () => {
		const data = tempDir();
		draftFile(database.location, {env: {XDG_DATA_HOME: data}})!.saveNow('\u001B]0;owned\u0007hi\nthere\u001B[2J');
		const {compose} = session(data);
		compose.handleGlobalKey('c');
		assert.doesNotMatch(compose.draft, /[\u0000-\u001F\u007F]/);
		assert.match(compose.draft, /hi there/);
	});

	it('a draft emptied with Backspace is not offered again', () => {
		const data = tempDir();
		const first = session(data);
		first.compose.handleGlobalKey('c');
		first.press('ab', 'backspace', 'backspace');
		first.compose.dispose();
		const second = session(data);
		second.compose.handleGlobalKey('c');
		assert.equal(second.compose.draft, '');
		assert.equal(second.context.messages.current, undefined);
	});
});
