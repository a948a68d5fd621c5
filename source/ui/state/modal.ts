import type {PostRow} from '../../store/feed-pages.js';
import type {FormState} from './forms.js';

/** The overlays and prompts that take every key while open; each kind belongs to one slice (see app-controller.ts). */
export type Modal =
	/** help-state.ts */
	| {readonly kind: 'help'; readonly offset: number}
	/** compose-state.ts */
	| {readonly kind: 'compose'; readonly error: string | undefined; readonly busy: boolean}
	/**
	 * filter-state.ts. `note`: the text went over what the filter holds (shown in place of the prompt until the next
	 * key). `cursor`: where typed text goes, an offset into `text` (text-field.ts); undefined: at the end.
	 */
	| {readonly kind: 'filter'; readonly text: string; readonly cursor?: number; readonly note?: string}
	/** delete-state.ts */
	| {readonly kind: 'confirm-delete'; readonly post: PostRow}
	/** accounts-state.ts */
	| {readonly kind: 'account-menu'}
	| {readonly kind: 'form'; readonly form: FormState};

export type ModalOf<K extends Modal['kind']> = Extract<Modal, {kind: K}>;
