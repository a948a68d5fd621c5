import {Box, Text} from 'ink';
import type {Account} from '../../store/accounts.js';
import {fieldCursor} from '../input/text-field.js';
import {formFields} from '../state/forms.js';
import type {FormState} from '../state/forms.js';
import {cellWidth, graphemes, truncateCells} from '../text/cells.js';
import {scrollField} from '../text/field-view.js';
import {sanitize} from '../text/sanitize.js';
import {useTheme} from '../theme.js';

export type AccountFormProps = {readonly form: FormState; readonly width: number};

const titles = {'sign-in': 'Sign in', register: 'Register a new account'} as const;

type FieldLine = {readonly line: string; readonly cursor: number | undefined};

/** One field's line, its value scrolled so that the cursor of the focused one is in view; `cursor`: its cell on the line. */
function fieldLine(form: FormState, index: number, width: number): FieldLine {
	const fields = formFields[form.kind];
	const field = fields[index]!;
	const labelWidth = Math.max(...fields.map(each => each.label.length)) + 1;
	const focused = index === form.focus;
	const prefix = `${focused ? '› ' : '  '}${`${field.label}:`.padEnd(labelWidth)} `;
	let value = form.values[index] ?? '';
	let cursor = fieldCursor(value, focused ? form.cursor : undefined);
	if (field.secret) {
		// One dot per character as the user sees it: the cursor moves over them one at a time.
		cursor = graphemes(value.slice(0, cursor)).length;
		value = '•'.repeat(graphemes(value).length);
	}
	const room = width - cellWidth(prefix);
	if (!focused || room < 1) {
		return {line: truncateCells(prefix + value, width), cursor: undefined};
	}
	const scrolled = scrollField(value, cursor, room);
	return {line: prefix + scrolled.text, cursor: cellWidth(prefix) + scrolled.column};
}

/** Where the real terminal cursor goes in the form, from its top left (the title is row 0): the focused field's insertion point. */
export function formCursor(form: FormState, width: number): {x: number; y: number} | undefined {
	const {cursor} = fieldLine(form, form.focus, width);
	return cursor === undefined ? undefined : {x: cursor, y: 1 + form.focus};
}

/** Passwords are shown as one dot per character and never echoed. No cursor is drawn: the terminal's own is put at the insertion point. */
export function AccountForm({form, width}: AccountFormProps) {
	const theme = useTheme();
	const fields = formFields[form.kind];
	return (
		<Box flexDirection="column">
			<Text bold={theme.bold}>{titles[form.kind]}</Text>
			{fields.map((field, index) => {
				const focused = index === form.focus;
				const {line} = fieldLine(form, index, width);
				return (
					<Text key={field.label} color={focused ? theme.accent : undefined}>
						{line}
					</Text>
				);
			})}
			{form.busy ? <Text>{form.kind === 'sign-in' ? 'signing in…' : 'registering…'}</Text> : null}
			{form.error ? <Text color={theme.error}>{truncateCells(sanitize(form.error), width)}</Text> : null}
		</Box>
	);
}

export type AccountMenuProps = {readonly account: Account | undefined; readonly width: number};

export function AccountMenu({account, width}: AccountMenuProps) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			<Text bold={theme.bold}>Account</Text>
			{account ? (
				<>
					<Text>{truncateCells(`Signed in as ${sanitize(account.username)} <${sanitize(account.email)}>`, width)}</Text>
					<Text>o sign out · Esc close</Text>
				</>
			) : (
				<>
					<Text>Not signed in.</Text>
					<Text>s sign in · r register · Esc close</Text>
				</>
			)}
		</Box>
	);
}
