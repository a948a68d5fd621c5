import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Database} from '../../../source/db/connection.js';
import {Post} from '../../../source/db/models/index.js';
import type {PostRow} from '../../../source/store/feed-pages.js';
import {AccountsState} from '../../../source/ui/state/accounts-state.js';
import {ComposeState} from '../../../source/ui/state/compose-state.js';
import type {ModalOf} from '../../../source/ui/state/modal.js';
import {migratedDatabase} from '../../helpers/database.js';
import {addUser, fileState, pressEach, sliceContext, until} from './slice-context.js';

const {database} = await migratedDatabase();
const alice = await addUser('alice');

function makeCompose(db: Database) {
	const {context, seen} = sliceContext(db);
	const file = fileState(context);
	const accounts = new AccountsState(context, file, {openCompose: () => compose.open(), registered: () => undefined});
	const posted: PostRow[] = [];
	const compose: ComposeState = new ComposeState(context, accounts, file, {posted: post => posted.push(post)});
	const press = (...keys: string[]) => pressEach((name, text) => compose.handleModalKey(context.modal.current as ModalOf<'compose'>, name, text), ...keys);
	return {compose, accounts, context, seen, posted, press};
}

describe('the compose slice', () => {
	it('asks to sign in first (c while signed out)', () => {
		const {compose, context} = makeCompose(database);
		assert.equal(compose.handleGlobalKey('c'), true);
		const modal = context.modal.current;
		assert.equal(modal?.kind === 'form' && modal.form.then, 'compose');
		assert.deepEqual(context.messages.current, {text: 'sign in to post', tone: 'info'});
	});

	it('posts the draft with Enter, and empties it', async () => {
		const {compose, accounts, context, posted, press} = makeCompose(database);
		accounts.account = alice;
		compose.handleGlobalKey('c');
		assert.deepEqual(context.modal.current, {kind: 'compose', error: undefined, busy: false});
		press('hello there', 'backspace', 'E', 'enter');
		await until(() => posted[0], 'the post');
		assert.equal(posted[0]!.body, 'hello therE');
		assert.equal(compose.draft, '');
		assert.equal(context.modal.current, undefined);
		assert.deepEqual(context.messages.current, {text: 'posted', tone: 'info'});
		assert.equal((await Post.findByPk(posted[0]!.id))?.body, 'hello therE', 'in the database');
	});

	it('keeps a blank draft from posting, and keeps the draft on Esc', async () => {
		const {compose, accounts, context, posted, press} = makeCompose(database);
		accounts.account = alice;
		compose.handleGlobalKey('c');
		press('   ', 'enter');
		await until(() => (context.modal.current?.kind === 'compose' && context.modal.current.error) || undefined, 'the refusal');
		assert.equal(posted.length, 0);
		press('kept', 'escape');
		assert.equal(context.modal.current, undefined);
		assert.equal(compose.draft, '   kept');
	});

	it('says when the draft is full, and a key that adds nothing draws no frame', () => {
		const {compose, accounts, context, seen, press} = makeCompose(database);
		accounts.account = alice;
		compose.handleGlobalKey('c');
		press('x'.repeat(100_000));
		const modal = context.modal.current as ModalOf<'compose'>;
		assert.ok(modal.error, 'the capacity is said');
		seen.route = (name, text) => compose.handleModalKey(context.modal.current as ModalOf<'compose'>, name, text);
		assert.deepEqual(context.keys.run([{name: 'y', text: 'y'}]), {frameHeld: false, noEffect: true});
		assert.equal(compose.draft, 'x'.repeat(compose.draft.length), 'nothing added');
	});
});
