import {pasteAsLine} from '../input/bracketed-paste.js';
import {editField, fieldCursor} from '../input/text-field.js';
import type {AppContext} from './app-context.js';
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
		} else {
			// The editing keys (text-field.ts): Ctrl-U/Ctrl-D edit the prompt here, not page the list. A paste is
			// text on one line.
			const field = {value: modal.text, cursor: fieldCursor(modal.text, modal.cursor)};
			const typed = name === 'paste' ? pasteAsLine(text) : undefined;
			const edit = typed === undefined ? editField(field, name, text, 'filter', modal.note) : editField(field, typed, typed, 'filter', modal.note);
			if (edit === 'unchanged') {
				this.context.keys.noEffect();
			} else if (edit) {
				slot.current = {kind: 'filter', text: edit.field.value, cursor: edit.field.cursor, note: edit.note};
			}
		}
	}
}
