import type {Account} from '../../store/accounts.js';
import {accountStillExists, createUser, signIn} from '../../store/accounts.js';
import {prepareToPost} from '../../store/posts.js';
import {pasteAsLine} from '../input/bracketed-paste.js';
import {editField} from '../input/text-field.js';
import type {AppContext, GlobalKeys} from './app-context.js';
import {editFocused, focusedField, formAfterError, moveFocus, newForm} from './forms.js';
import type {FormState} from './forms.js';
import type {ModalOf} from './modal.js';
import type {ReplacedFileState} from './replaced-file-state.js';

export type AccountsEvents = {
	/** Signed in from `c`: the compose box opens. */
	readonly openCompose: () => void;
	/** Registered: the Users list shows the new user. */
	readonly registered: () => void;
};

/** The signed-in account, the account menu (a) and the sign-in and register forms. */
export class AccountsState implements GlobalKeys {
	account: Account | undefined;

	constructor(
		private readonly context: AppContext,
		private readonly file: ReplacedFileState,
		private readonly events: AccountsEvents,
	) {}

	handleGlobalKey(name: string): boolean {
		if (name !== 'a') {
			return false;
		}
		this.context.modal.current = {kind: 'account-menu'};
		return true;
	}

	handleModalKey(modal: ModalOf<'account-menu' | 'form'>, name: string, text: string): void {
		if (modal.kind === 'account-menu') {
			this.#menuKey(name);
		} else {
			this.#formKey(modal.form, name, text);
		}
	}

	/** `c` while signed out: the sign-in form, and the compose box after it. */
	signInToPost(): void {
		this.context.modal.current = {kind: 'form', form: newForm('sign-in', {then: 'compose'})};
		this.context.messages.say('sign in to post', 'info');
	}

	/** `--user NAME`: the sign-in form with the name filled in. */
	askSignIn(username: string): void {
		this.context.modal.current = {kind: 'form', form: newForm('sign-in', {username})};
	}

	/** A downgrade (or a reopened file) may have dropped the signed-in user: then sign out rather than fail on the next post. */
	async check(): Promise<void> {
		const account = this.account;
		if (!account) {
			return;
		}
		let exists: boolean;
		try {
			exists = await accountStillExists(this.context.database, account);
		} catch (error) {
			this.context.readFailed(error);
			return;
		}
		if (!exists && this.account === account && !this.context.disposed()) {
			this.account = undefined;
			this.context.messages.say(`signed out: the account ${account.username} is no longer in the database`, 'info');
			this.context.changed();
		}
	}

	#menuKey(name: string): void {
		const modal = this.context.modal;
		if (name === 'escape' || name === 'q' || name === 'a') {
			modal.current = undefined;
		} else if (this.account && name === 'o') {
			const who = this.account.username;
			this.account = undefined;
			modal.current = undefined;
			this.context.messages.say(`signed out ${who}`, 'info');
		} else if (!this.account && name === 's') {
			modal.current = {kind: 'form', form: newForm('sign-in')};
		} else if (!this.account && name === 'r') {
			modal.current = {kind: 'form', form: newForm('register')};
		}
	}

	#formKey(form: FormState, name: string, text: string): void {
		if (form.busy) {
			return;
		}
		const modal = this.context.modal;
		const setForm = (next: FormState) => {
			modal.current = {kind: 'form', form: next};
		};
		if (name === 'escape') {
			modal.current = undefined;
		} else if (name === 'tab' || name === 'down') {
			setForm(moveFocus(form, 1));
		} else if (name === 'backtab' || name === 'up') {
			setForm(moveFocus(form, -1));
		} else if (name === 'enter') {
			if (form.focus < form.values.length - 1) {
				setForm(moveFocus(form, 1));
			} else {
				void this.#submit(form);
			}
		} else {
			// The editing keys of the focused field (text-field.ts); a paste is text on one line.
			const typed = name === 'paste' ? pasteAsLine(text) : undefined;
			const edit =
				typed === undefined ? editField(focusedField(form), name, text, 'field', form.error) : editField(focusedField(form), typed, typed, 'field', form.error);
			if (edit === 'unchanged') {
				this.context.keys.noEffect();
			} else if (edit) {
				setForm({...editFocused(form, edit.field), error: edit.note});
			}
		}
	}

	async #submit(form: FormState): Promise<void> {
		const {database, modal, messages} = this.context;
		const [username = '', second = '', third = '', fourth = ''] = form.values;
		if (form.kind === 'register' && third !== fourth) {
			this.#formError(form, 'the passwords do not match');
			return;
		}
		const refused = this.file.refusedWrite('form');
		if (refused) {
			this.#formError(form, refused);
			return;
		}
		modal.current = {kind: 'form', form: {...form, busy: true, error: undefined}};
		this.context.changed();
		try {
			const account =
				form.kind === 'sign-in'
					? await signIn(database, username.trim(), second)
					: await createUser(database, {username: username.trim(), email: second.trim(), password: third});
			if (this.context.disposed()) {
				return;
			}
			this.account = account;
			modal.current = undefined;
			if (form.then === 'compose') {
				this.events.openCompose();
			} else {
				// Signed in, the next write is likely a post: its connection opens now, not when Enter is pressed.
				prepareToPost(database);
			}
			messages.say(form.kind === 'sign-in' ? `signed in as ${account.username}` : `registered and signed in as ${account.username}`, 'info');
			if (form.kind === 'register') {
				this.events.registered();
			}
		} catch (error) {
			this.#formError(form, this.file.writeFailure(error, 'form'));
		}
		this.context.changed();
	}

	#formError(form: FormState, error: string): void {
		this.context.modal.current = {kind: 'form', form: formAfterError(form, error)};
	}
}
