import type {PostRow} from '../../store/feed-pages.js';
import {deletePost} from '../../store/posts.js';
import type {AccountsState} from './accounts-state.js';
import type {AppContext} from './app-context.js';
import type {ModalOf} from './modal.js';
import type {Navigation} from './navigation.js';
import type {ReplacedFileState} from './replaced-file-state.js';

export type DeleteEvents = {
	/** The post is gone: the lists move off it. */
	readonly deleted: (post: PostRow) => void;
};

/** d on one's own post: the y/n question, and the delete. */
export class DeleteState {
	constructor(
		private readonly context: AppContext,
		private readonly accounts: AccountsState,
		private readonly file: ReplacedFileState,
		private readonly navigation: Navigation,
		private readonly events: DeleteEvents,
	) {}

	/** d on a post: asks y/n when it is the signed-in user's, else says why not. */
	ask(post: PostRow): void {
		const account = this.accounts.account;
		if (!account) {
			this.context.messages.say('sign in (a) to delete your own posts', 'error');
		} else if (post.userId !== account.id) {
			this.context.messages.say('you can only delete your own posts', 'error');
		} else {
			this.context.modal.current = {kind: 'confirm-delete', post};
		}
	}

	handleModalKey(modal: ModalOf<'confirm-delete'>, name: string): void {
		if (name === 'y' || name === 'Y') {
			this.context.modal.current = undefined;
			void this.#delete(modal.post);
		} else if (name === 'n' || name === 'N' || name === 'escape' || name === 'q') {
			this.context.modal.current = undefined;
			this.context.messages.say('kept the post', 'info');
		}
	}

	async #delete(post: PostRow): Promise<void> {
		const {context} = this;
		const account = this.accounts.account;
		if (!account) {
			return;
		}
		const refused = this.file.refusedWrite('view');
		if (refused) {
			context.messages.say(refused, 'error');
			context.changed();
			return;
		}
		try {
			await deletePost(context.database, account.id, post.id);
			if (context.disposed()) {
				return;
			}
			context.messages.say('post deleted', 'info');
			const view = this.navigation.view;
			if (view.kind === 'post' && view.post.id === post.id) {
				this.navigation.pop();
			}
			this.events.deleted(post);
		} catch (error) {
			context.messages.say(this.file.writeFailure(error, 'view'), 'error');
		}
		context.changed();
	}
}
