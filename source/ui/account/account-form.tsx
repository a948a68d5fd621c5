import {Box, Text} from 'ink';
import type {Account} from '../../store/accounts.js';
import {formFields} from '../state/forms.js';
import type {FormState} from '../state/forms.js';
import {truncateCells} from '../text/cells.js';
import {sanitize} from '../text/sanitize.js';
import {useTheme} from '../theme.js';

export type AccountFormProps = {readonly form: FormState; readonly width: number};

const titles = {'sign-in': 'Sign in', register: 'Register a new account'} as const;

/** Passwords are shown as one dot per character and never echoed. */
export function AccountForm({form, width}: AccountFormProps) {
	const theme = useTheme();
	const fields = formFields[form.kind];
	const labelWidth = Math.max(...fields.map(field => field.label.length)) + 1;
	return (
		<Box flexDirection="column">
			<Text bold={theme.bold}>{titles[form.kind]}</Text>
			{fields.map((field, index) => {
				const value = form.values[index] ?? '';
				const shown = field.secret ? '•'.repeat([...value].length) : value;
				const focused = index === form.focus;
				const line = `${focused ? '› ' : '  '}${`${field.label}:`.padEnd(labelWidth)} ${shown}${focused ? '█' : ''}`;
				return (
					<Text key={field.label} color={focused ? theme.accent : undefined}>
						{truncateCells(line, width)}
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
