/**
 * Errors meant for the person at the terminal: the CLI prints `message` as
 * one line and exits with `exitCode`, without a stack trace.
 */
export class UserError extends Error {
	readonly exitCode: number = 1;
	constructor(message: string, options?: {cause?: unknown}) {
		super(message, options);
		this.name = 'UserError';
	}
}

/** Bad flags or flag combinations: exit code 2, like most Unix tools. */
export class UsageError extends UserError {
	override readonly exitCode: number = 2;
	constructor(message: string) {
		super(message);
		this.name = 'UsageError';
	}
}

/** The person pressed Ctrl-C at a prompt: exit 130, as a shell reports SIGINT. */
export class InterruptedError extends UserError {
	override readonly exitCode: number = 130;
	constructor(message: string) {
		super(message);
		this.name = 'InterruptedError';
	}
}

export function firstLine(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.split('\n')[0] ?? message;
}
