import {UserError} from '../errors.js';

/** What a failed action says on one line: a UserError as it is, anything else as `error:` and its first line. */
export function errorText(error: unknown): string {
	if (error instanceof UserError) {
		return error.message;
	}
	const text = error instanceof Error ? error.message : String(error);
	return `error: ${text.split('\n')[0] ?? text}`;
}
