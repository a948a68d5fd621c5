import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Post} from '../../../source/db/models/index.js';
import type {PostRow} from '../../../source/store/feed-pages.js';
import {AccountsState} from '../../../source/ui/state/accounts-state.js';
import {DeleteState} from '../../../source/ui/state/delete-state.js';
import type {ModalOf} from '../../../source/ui/state/modal.js';
import {Navigation} from '../../../source/ui/state/navigation.js';
import {migratedDatabase} from '../../helpers/database.js';
import {addPosts, addUser, fileState, sliceContext, until} from './slice-context.js';

const {database} = await migratedDatabase();
const alice = await addUser('alice');
const bob = await addUser('bob');
const [aliceFirst, aliceSecond] = await addPosts(alice.id, 2);
const [bobPost] = await addPosts(bob.id, 1);

function row(id: number, userId: number): PostRow {
	return {id, body: 'a post', timestamp: new Date(), timeKey: '', userId, username: userId === alice.id ? 'alice' : 'bob'};
}

function makeDelete() {
	const {context} = sliceContext(database);
	const file = fileState(context);
	const accounts = new AccountsState(context, file, {openCompose: () => undefined, registered: () => undefined});
	const navigation = new Navigation({left: () => undefined, quit: () => undefined});
	const deleted: PostRow[] = [];
	const deletes = new DeleteState(context, accounts, file, navigation, {deleted: post => deleted.push(post)});
	const press = (name: string) => deletes.handleModalKey(context.modal.current as ModalOf<'confirm-delete'>, name);
	return {deletes, accounts, navigation, context, deleted, press};
}

describe('the delete slice', () => {
	it("says why not: signed out, or someone else's post", () => {
		const {deletes, accounts, context} = makeDelete();
		deletes.ask(row(bobPost!, bob.id));
		assert.deepEqual(context.messages.current, {text: 'sign in (a) to delete your own posts', tone: 'error'});
		accounts.account = alice;
		deletes.ask(row(bobPost!, bob.id));
		assert.deepEqual(context.messages.current, {text: 'you can only delete your own posts', tone: 'error'});
		assert.equal(context.modal.current, undefined);
	});

	it('asks y/n, and n keeps the post', async () => {
		const {deletes, accounts, context, deleted, press} = makeDelete();
		accounts.account = alice;
		deletes.ask(row(aliceFirst!, alice.id));
		assert.equal(context.modal.current?.kind, 'confirm-delete');
		press('x');
		assert.equal(context.modal.current?.kind, 'confirm-delete', 'another key leaves it asked');
		press('n');
		assert.equal(context.modal.current, undefined);
		assert.deepEqual(context.messages.current, {text: 'kept the post', tone: 'info'});
		assert.equal(deleted.length, 0);
		assert.ok(await Post.findByPk(aliceFirst!));
	});

	it('deletes on y, and leaves the post view that showed it', async () => {
		const {deletes, accounts, navigation, context, deleted, press} = makeDelete();
		accounts.account = alice;
		const post = row(aliceSecond!, alice.id);
		navigation.push({kind: 'post', post});
		deletes.ask(post);
		press('y');
		await until(() => deleted[0], 'the delete');
		assert.deepEqual(context.messages.current, {text: 'post deleted', tone: 'info'});
		assert.equal(navigation.view.kind, 'feed');
		assert.equal(await Post.findByPk(aliceSecond!), null, 'gone from the database');
	});
});
