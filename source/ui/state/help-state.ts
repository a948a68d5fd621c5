import {helpMaxOffset} from '../help/help-overlay.js';
import {listMove} from '../input/list-moves.js';
import type {AppContext, GlobalKeys} from './app-context.js';
import type {ModalOf} from './modal.js';
import type {Navigation} from './navigation.js';
import type {SqlPaneState} from './sql-pane-state.js';

/** The help overlay (?): every key of the view under it, scrolled with the list keys when taller than the screen. */
export class HelpState implements GlobalKeys {
	constructor(
		private readonly context: AppContext,
		private readonly navigation: Navigation,
		private readonly pane: SqlPaneState,
	) {}

	handleGlobalKey(name: string): boolean {
		if (name !== '?') {
			return false;
		}
		this.context.modal.current = {kind: 'help', offset: 0};
		return true;
	}

	handleModalKey(modal: ModalOf<'help'>, name: string): void {
		const max = helpMaxOffset(this.navigation.view.kind, this.pane.width, this.pane.bodyRows());
		// A help list taller than the screen scrolls with the list keys; any other key closes it.
		const move = max > 0 ? listMove(name) : undefined;
		if (move) {
			const page = Math.max(1, this.pane.rootRows - 5);
			const step = {up: -1, down: 1, 'page-up': -page, 'page-down': page, first: -max, last: max}[move];
			this.context.modal.current = {kind: 'help', offset: Math.min(max, Math.max(0, modal.offset + step))};
		} else {
			this.context.modal.current = undefined;
		}
	}
}
