import type {DraftFile} from '../../store/draft-file.js';
import type {PostRow} from '../../store/feed-pages.js';
import {bodyProblem, composePost, prepareToPost} from '../../store/posts.js';
import {pasteAsLine} from '../input/bracketed-paste.js';
import {editField, emptyField, fieldAtEnd} from '../input/text-field.js';
import type {TextField} from '../input/text-field.js';
import type {EditorResult} from '../terminal/external-editor.js';
import type {AccountsState} from './accounts-state.js';
import type {AppContext, GlobalKeys} from './app-context.js';
import type {ModalOf} from './modal.js';
import type {ReplacedFileState} from './replaced-file-state.js';

/** How long a post's write may take before the compose box says "posting…". */
const defaultBusyFrameDelayMs = 100;

export type ComposeOptions = {
	/** How long a post's write may take before the compose box says "posting…" (100 ms). */
	readonly busyFrameDelayMs?: number;
	/** The post was written: the lists show it. */
	readonly posted: (post: PostRow) => void;
	/** Ctrl-G: the draft edited in $VISUAL/$EDITOR with the terminal handed over (none without a terminal). */
	readonly editText?: (text: string) => EditorResult;
	/** Where the draft is kept between sessions (the real app: source/store/draft-file.ts); none in most tests. */
	readonly drafts?: DraftFile;
};

/** What the first c of a session says when it brings back the draft an earlier session kept. */
export const draftRestored = 'draft restored from the last session (kept until it is posted or emptied)';

/** `text` from outside the app (the draft file, the editor) typed into an empty draft: sanitised, on one line, capped. */
function typedDraft(text: string): {readonly value: string; readonly note: string | undefined} {
	const line = pasteAsLine(text);
	const edit = editField(emptyField, line, line, 'draft', undefined);
	return typeof edit === 'object' ? {value: edit.field.value, note: edit.note} : {value: '', note: undefined};
}

/** The compose box (c): the draft, which outlives the box until it is posted, and the post's write. */
export class ComposeState implements GlobalKeys {
	/** The draft and its cursor (text-field.ts). */
	#field: TextField = emptyField;
	readonly #busyFrameDelayMs: number;
	/** The draft as last handed to the draft file; the file is offered once per session, at the first c. */
	#kept = '';
	#offered = false;

	constructor(
		private readonly context: AppContext,
		private readonly accounts: AccountsState,
		private readonly file: ReplacedFileState,
		private readonly options: ComposeOptions,
	) {
		this.#busyFrameDelayMs = options.busyFrameDelayMs ?? defaultBusyFrameDelayMs;
	}

	/** The draft as a plain string; written from outside (a carried or restored draft), the cursor goes to its end. */
	get draft(): string {
		return this.#field.value;
	}

	set draft(value: string) {
		this.#field = fieldAtEnd(value);
	}

	/** Where typed text goes in the draft: an offset into `draft`. */
	get cursor(): number {
		return this.#field.cursor;
	}

	handleGlobalKey(name: string): boolean {
		if (name !== 'c') {
			return false;
		}
		if (this.accounts.account) {
			this.open();
		} else {
			this.accounts.signInToPost();
		}
		return true;
	}

	open(): void {
		this.#offerKept();
		this.context.modal.current = {kind: 'compose', error: undefined, busy: false};
		// While the post is typed, so that Enter does not wait for a connection to open.
		prepareToPost(this.context.database);
	}

	handleModalKey(modal: ModalOf<'compose'>, name: string, text: string): void {
		if (modal.busy) {
			return;
		}
		this.#handleKey(modal, name, text);
		this.#keep();
	}

	/** Quitting: a draft still waiting to be written is written now. */
	dispose(): void {
		this.options.drafts?.flush();
	}

	#handleKey(modal: ModalOf<'compose'>, name: string, text: string): void {
		const slot = this.context.modal;
		if (name === 'escape') {
			// The draft stays for next time.
			slot.current = undefined;
		} else if (name === 'enter') {
			void this.#submit();
		} else if (name === 'ctrl-g') {
			this.#edit(modal);
		} else {
			// A paste is text on one line (newlines become spaces); the editing keys are text-field.ts's, and
			// Ctrl-U/Ctrl-D edit here: they page a list only when no field has focus.
			const typed = name === 'paste' ? pasteAsLine(text) : undefined;
			const edit = typed === undefined ? editField(this.#field, name, text, 'draft', modal.error) : editField(this.#field, typed, typed, 'draft', modal.error);
			if (edit === 'unchanged') {
				this.context.keys.noEffect();
			} else if (edit) {
				this.#field = edit.field;
				slot.current = {...modal, error: edit.note};
			}
		}
	}

	#offerKept(): void {
		if (this.#offered) {
			return;
		}
		this.#offered = true;
		const kept = this.draft === '' ? this.options.drafts?.load() : undefined;
		// The file is outside the app's hands: what it holds is typed into the draft like any text (sanitised, capped).
		const typed = kept === undefined ? undefined : typedDraft(kept);
		if (typed?.value) {
			this.draft = typed.value;
			this.#kept = kept!;
			this.context.messages.say(draftRestored, 'info');
		}
	}

	/** The draft changed: the draft file follows (written once typing pauses; an empty draft removes it). */
	#keep(): void {
		if (this.draft !== this.#kept && this.options.drafts) {
			this.#kept = this.draft;
			try {
				this.options.drafts.save(this.draft);
			} catch {
				// Saving is best effort: the draft is still in the box.
			}
		}
	}

	/** The draft in the user's editor; what comes back is the draft, on one line and to its capacity. */
	#edit(modal: ModalOf<'compose'>): void {
		const slot = this.context.modal;
		const edited = this.options.editText?.(this.draft);
		if (!edited) {
			slot.current = {...modal, error: 'Ctrl-G: no terminal to run the editor in'};
		} else if (edited.kind === 'failed') {
			slot.current = {...modal, error: edited.message};
		} else {
			const typed = typedDraft(edited.text);
			this.draft = typed.value;
			slot.current = {...modal, error: typed.note};
		}
	}

	async #submit(): Promise<void> {
		const {context} = this;
		const account = this.accounts.account;
		if (!account) {
			return;
		}
		const problem = bodyProblem(this.draft) ?? this.file.refusedWrite('compose');
		if (problem) {
			context.modal.current = {kind: 'compose', error: problem, busy: false};
			return;
		}
		context.modal.current = {kind: 'compose', error: undefined, busy: true};
		// A write takes a few ms: drawing "posting…" for it cost a whole frame before the insert began and
		// then flashed. The busy frame is drawn only for a write that takes a while (a locked database).
		context.keys.holdFrame();
		const busyFrame = setTimeout(() => context.changed(), this.#busyFrameDelayMs);
		try {
			let post: PostRow;
			try {
				post = await composePost(context.database, account, this.draft);
			} finally {
				clearTimeout(busyFrame);
			}
			if (context.disposed()) {
				return;
			}
			this.draft = '';
			// At once: a crash right after the post must not offer it again.
			this.#kept = '';
			this.options.drafts?.saveNow('');
			context.modal.current = undefined;
			context.messages.say('posted', 'info');
			this.options.posted(post);
		} catch (error) {
			context.modal.current = {kind: 'compose', error: this.file.writeFailure(error, 'compose'), busy: false};
		}
		context.changed();
	}
}
