import {typeInto} from '../input/typed-text.js';
import type {AppContext} from './app-context.js';
import {dropLastCharacter} from './forms.js';
import type {ListsState} from './lists-state.js';
import type {ModalOf} from './modal.js';

/** The filter prompt (/) of the Feed and of a profile: text, or @username; Enter applies it, Esc clears it. */
export class FilterState {
	constructor(
		private readonly context: AppContext,
		private readonly lists: ListsState,
	) {}

	/** `/` on a list of posts: the prompt opens with the filter in force. */
	open(): void {
		this.context.modal.current = {kind: 'filter', text: this.lists.filterText()};
	}

	handleModalKey(modal: ModalOf<'filter'>, name: string, text: string): void {
		const slot = this.context.modal;
		if (name === 'escape') {
			slot.current = undefined;
			this.lists.setFilter('');
		} else if (name === 'enter') {
			slot.current = undefined;
			this.lists.setFilter(modal.text.trim());
		} else if (name === 'backspace') {
			slot.current = {kind: 'filter', text: dropLastCharacter(modal.text)};
		} else if (name === text || name === 'paste') {
			const typed = typeInto(modal.text, text, 'filter', modal.note);
			if (typed) {
				slot.current = {kind: 'filter', text: typed.value, note: typed.note};
			} else {
				this.context.keys.noEffect();
			}
		}
	}
}
