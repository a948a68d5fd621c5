import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Database} from '../../../source/db/connection.js';
import {User} from '../../../source/db/models/index.js';
import {AccountsState} from '../../../source/ui/state/accounts-state.js';
import type {ModalOf} from '../../../source/ui/state/modal.js';
import {migratedDatabase} from '../../helpers/database.js';
import {addUser, fileState, pressEach, sliceContext, slicePassword, until} from './slice-context.js';

function makeAccounts(database: Database) {
	const {context} = sliceContext(database);
	const seen = {composeOpened: 0, registered: 0};
	const accounts = new AccountsState(context, fileState(context), {openCompose: () => seen.composeOpened++, registered: () => seen.registered++});
	const press = (...keys: string[]) =>
		pressEach((name, text) => accounts.handleModalKey(context.modal.current as ModalOf<'account-menu' | 'form'>, name, text), ...keys);
	return {accounts, context, seen, press};
}

const {database} = await migratedDatabase();
await addUser('alice');

describe('the accounts slice', () => {
	it('registers from the account menu, and is signed in', async () => {
		const {accounts, context, seen, press} = makeAccounts(database);
		assert.equal(accounts.handleGlobalKey('a'), true);
		assert.deepEqual(context.modal.current, {kind: 'account-menu'});
		press('r', 'bob', 'enter', 'bob@example.com', 'enter', 'password1', 'enter', 'password1', 'enter');
		await until(() => accounts.account, 'the registration');
		assert.equal(accounts.account?.username, 'bob');
		assert.equal(context.modal.current, undefined);
		assert.deepEqual(context.messages.current, {text: 'registered and signed in as bob', tone: 'info'});
		assert.equal(seen.registered, 1, 'the Users list is told');
		assert.equal(await User.count({where: {username: 'bob'}}), 1);
	});

	it('refuses a wrong password, emptying the password field', async () => {
		const {accounts, context, press} = makeAccounts(database);
		accounts.handleGlobalKey('a');
		press('s', 'alice', 'enter', 'wrong password', 'enter');
		const form = await until(() => {
			const modal = context.modal.current;
			return modal?.kind === 'form' && !modal.form.busy && modal.form.error ? modal.form : undefined;
		}, 'the refusal');
		assert.equal(form.error, 'wrong username or password');
		assert.deepEqual(form.values, ['alice', '']);
		assert.equal(form.focus, 1);
		assert.equal(accounts.account, undefined);
	});

	it('signs in to post (c while signed out), then opens the compose box', async () => {
		const {accounts, context, seen, press} = makeAccounts(database);
		accounts.signInToPost();
		assert.deepEqual(context.messages.current, {text: 'sign in to post', tone: 'info'});
		press('alice', 'enter', slicePassword, 'enter');
		await until(() => accounts.account, 'the sign-in');
		assert.equal(seen.composeOpened, 1);
	});

	it('signs out with o, and Esc closes the menu', async () => {
		const {accounts, context, press} = makeAccounts(database);
		accounts.account = {id: 1, username: 'alice', email: 'alice@example.com'};
		accounts.handleGlobalKey('a');
		press('escape');
		assert.equal(context.modal.current, undefined);
		accounts.handleGlobalKey('a');
		press('o');
		assert.equal(accounts.account, undefined);
		assert.deepEqual(context.messages.current, {text: 'signed out alice', tone: 'info'});
	});

	it('signs out an account no longer in the database', async () => {
		const {accounts, context} = makeAccounts(database);
		const gone = await addUser('gone');
		accounts.account = gone;
		await accounts.check();
		assert.equal(accounts.account?.username, 'gone', 'still there');
		await User.destroy({where: {id: gone.id}});
		await accounts.check();
		assert.equal(accounts.account, undefined);
		assert.deepEqual(context.messages.current, {text: 'signed out: the account gone is no longer in the database', tone: 'info'});
	});
});
