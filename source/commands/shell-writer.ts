import {inspect, types} from 'node:util';
import {Model} from 'sequelize';
import {sanitize} from '../text/sanitize.js';

type ErrorLike = {name?: unknown; message?: unknown; errors?: unknown};

function isError(value: unknown): value is Error & ErrorLike {
	// Errors thrown by shell code come from the REPL's own context, so `instanceof Error` alone misses them.
	return types.isNativeError(value) || value instanceof Error;
}

/** Sequelize's validation and constraint errors say what failed in `errors`; their `message` only repeats the kind. */
function detail(error: Error & ErrorLike): string {
	if (Array.isArray(error.errors)) {
		const messages = error.errors
			.map((item: unknown) => (item && typeof item === 'object' ? (item as {message?: unknown}).message : undefined))
			.filter((message): message is string => typeof message === 'string' && message !== '');
		if (messages.length > 0) {
			return messages.join('; ');
		}
	}
	return String(error.message);
}

/**
 * Formats what the shell prints: values as Node's REPL does (model instances
 * by their util.inspect.custom, `<User john>`; a list of them one a line); an error as one
 * line, `Name: what failed` (the REPL adds `Uncaught` in front of a thrown
 * one), with the whole inspected error and its stack only when DEBUG is set.
 * A SyntaxError keeps the REPL's form, which points at the offending code.
 */
export function shellWriter(options: {colors: boolean}) {
	return (value: unknown): string => {
		if (isError(value) && value.name !== 'SyntaxError' && !process.env.DEBUG) {
			return sanitize(`${String(value.name)}: ${detail(value)}`);
		}
		// A query's list, one instance a line as the tutorial's session shows it (inspect would fill rows with them).
		if (Array.isArray(value) && value.length > 0 && value.every(item => item instanceof Model)) {
			return `[\n${value.map(item => `  ${inspect(item, {colors: options.colors})}`).join(',\n')}\n]`;
		}
		return inspect(value, {colors: options.colors, showProxy: true});
	};
}
