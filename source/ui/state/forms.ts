import {fieldCursor} from '../input/text-field.js';
import type {TextField} from '../input/text-field.js';

/** The account forms: which fields, which are hidden, and how typing edits them. */
export type FormKind = 'sign-in' | 'register';

export type FormState = {
	readonly kind: FormKind;
	readonly values: readonly string[];
	readonly focus: number;
	/** Where typed text goes in the focused field (text-field.ts); undefined: at its end, as after moving focus. */
	readonly cursor?: number;
	readonly error: string | undefined;
	readonly busy: boolean;
	/** Open the compose box once signed in (`c` while signed out). */
	readonly then: 'compose' | undefined;
};

export type FormField = {readonly label: string; readonly secret: boolean};

export const formFields: Record<FormKind, readonly FormField[]> = {
	'sign-in': [
		{label: 'username', secret: false},
		{label: 'password', secret: true},
	],
	register: [
		{label: 'username', secret: false},
		{label: 'email', secret: false},
		{label: 'password', secret: true},
		{label: 'password again', secret: true},
	],
};

export function newForm(kind: FormKind, options: {username?: string; then?: 'compose'} = {}): FormState {
	const values = formFields[kind].map(() => '');
	values[0] = options.username ?? '';
	return {kind, values, focus: options.username ? 1 : 0, error: undefined, busy: false, then: options.then};
}

/** The focused field with its cursor, for text-field.ts to edit. */
export function focusedField(form: FormState): TextField {
	const value = form.values[form.focus] ?? '';
	return {value, cursor: fieldCursor(value, form.cursor)};
}

/** The form with its focused field edited: value and cursor. */
export function editFocused(form: FormState, field: TextField): FormState {
	const values = form.values.map((value, index) => (index === form.focus ? field.value : value));
	return {...form, values, cursor: field.cursor, error: undefined};
}

/** Focus on another field: its cursor at its end. */
export function moveFocus(form: FormState, delta: number): FormState {
	const count = form.values.length;
	return {...form, focus: (form.focus + delta + count) % count, cursor: undefined};
}

/**
 * The form after a failed submit: focus on the field the error is about, and
 * secret fields emptied when they are the problem (or on a failed sign-in), so
 * the user retypes them rather than backspacing over dots they cannot read.
 */
export function formAfterError(form: FormState, error: string): FormState {
	const fields = formFields[form.kind];
	const mentioned = (label: string) => new RegExp(`\\b${label}\\b`, 'i').test(error);
	const passwordProblem = form.kind === 'sign-in' || mentioned('password') || mentioned('passwords');
	let focus = form.focus;
	if (form.kind === 'sign-in') {
		focus = 1;
	} else if (mentioned('username')) {
		focus = 0;
	} else if (mentioned('email')) {
		focus = 1;
	} else if (passwordProblem) {
		focus = 2;
	}
	const values = form.values.map((value, index) => (passwordProblem && fields[index]?.secret ? '' : value));
	return {...form, values, focus, cursor: undefined, busy: false, error};
}
