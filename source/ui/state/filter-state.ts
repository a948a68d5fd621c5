import {usernamesStartingWith} from '../../store/users-query.js';
import {pasteAsLine} from '../input/bracketed-paste.js';
import {editField, fieldCursor} from '../input/text-field.js';
import type {TextField} from '../input/text-field.js';
import type {AppContext} from './app-context.js';
import type {ListsState} from './lists-state.js';
import type {ModalOf} from './modal.js';

/**
 * How long the filter waits after a key before reading the list: a burst of typing (keys well under 100 ms apart)
 * reads once, for its last text, while a pause of a typist (150–250 ms between keys) shows each step; 120 ms is below
 * what reads as a lag. A read still out when the next text is applied is dropped when it lands (ListController).
 */
export const filterDebounceMs = 120;

/** Usernames `@` offers at most. */
const completionLimit = 5;

/** `@name` being typed: the name so far (no space yet). */
function authorPrefix(text: string): string | undefined {
	const match = /^@(\S*)$/.exec(text.trimStart());
	return match ? match[1] : undefined;
}

/**
 * The filter prompt (/) of the Feed, a profile and Users: text, or @username on posts. It applies as it is typed
 * (after filterDebounceMs), Enter closes the prompt keeping it, Esc clears it. While `@name` is typed on posts, the
 * usernames starting so are offered and Tab completes the first (again: the next).
 */
export class FilterState {
	/** Usernames offered for the `@` prefix being typed. */
	completions: readonly string[] = [];
	#timer: NodeJS.Timeout | undefined;
	/** The text last applied to the list, so that Enter or a timer does not read the same again. */
	#applied: string | undefined;
	/** Completion reads answer in any order: only the latest one's counts. */
	#completionRead = 0;

	constructor(
		private readonly context: AppContext,
		private readonly lists: ListsState,
	) {}

	/** `/` on a list: the prompt opens with the filter in force. */
	open(): void {
		const text = this.lists.filterText();
		this.#applied = text;
		this.completions = [];
		this.context.modal.current = {kind: 'filter', text};
	}

	handleModalKey(modal: ModalOf<'filter'>, name: string, text: string): void {
		const slot = this.context.modal;
		if (name === 'escape') {
			this.#close();
			this.lists.setFilter('');
		} else if (name === 'enter') {
			this.#close();
			this.#apply(modal.text);
		} else if (name === 'tab') {
			this.#complete(modal);
		} else {
			// The editing keys (text-field.ts): Ctrl-U/Ctrl-D edit the prompt here, not page the list. A paste is
			// text on one line.
			const field = {value: modal.text, cursor: fieldCursor(modal.text, modal.cursor)};
			const typed = name === 'paste' ? pasteAsLine(text) : undefined;
			const edit = typed === undefined ? editField(field, name, text, 'filter', modal.note) : editField(field, typed, typed, 'filter', modal.note);
			if (edit === 'unchanged') {
				this.context.keys.noEffect();
			} else if (edit) {
				this.#edited(edit.field, edit.note, modal.text);
			}
		}
		if (slot.current?.kind !== 'filter') {
			this.completions = [];
		}
	}

	dispose(): void {
		clearTimeout(this.#timer);
	}

	#edited(field: TextField, note: string | undefined, before: string): void {
		const text = field.value;
		this.context.modal.current = {kind: 'filter', text, cursor: field.cursor, note};
		if (text === before) {
			// The cursor moved: nothing to read again.
			return;
		}
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			const modal = this.context.modal.current;
			if (modal?.kind === 'filter' && !this.context.disposed()) {
				this.#apply(modal.text);
				this.context.changed();
			}
		}, filterDebounceMs);
		// A pending filter never keeps the process alive by itself.
		this.#timer.unref();
		this.#offer(text);
	}

	#apply(text: string): void {
		const trimmed = text.trim();
		if (trimmed !== this.#applied) {
			this.#applied = trimmed;
			this.lists.setFilter(trimmed);
		}
	}

	#close(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.context.modal.current = undefined;
		this.#completionRead++;
	}

	/** Reads the usernames the `@` prefix could complete to (not in Users, where `@` is text like any other). */
	#offer(text: string): void {
		const prefix = this.context.modal.current?.kind === 'filter' && this.#onPosts() ? authorPrefix(text) : undefined;
		const read = ++this.#completionRead;
		if (prefix === undefined) {
			this.completions = [];
			return;
		}
		void usernamesStartingWith(this.context.database, prefix, completionLimit).then(
			names => {
				if (read === this.#completionRead && !this.context.disposed()) {
					this.completions = names;
					this.context.changed();
				}
			},
			// Offers are a help, not a read the user waits on: a failing database is reported by the list.
			() => undefined,
		);
	}

	/** Tab: the first offer, or the one after the name typed when it is an offer already (Tab again cycles). */
	#complete(modal: ModalOf<'filter'>): void {
		const prefix = this.#onPosts() ? authorPrefix(modal.text) : undefined;
		if (prefix === undefined || this.completions.length === 0) {
			this.context.keys.noEffect();
			return;
		}
		const current = this.completions.indexOf(prefix);
		const next = this.completions[(current + 1) % this.completions.length]!;
		clearTimeout(this.#timer);
		this.context.modal.current = {kind: 'filter', text: `@${next}`};
		// Completed is chosen: applied at once, and the offers stay for another Tab.
		this.#apply(`@${next}`);
	}

	#onPosts(): boolean {
		return this.lists.current !== this.lists.users;
	}
}
