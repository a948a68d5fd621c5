import {UserError} from '../errors.js';
import type {PendingMigrations} from '../store/migrations.js';

/** Where the app is before and around the main screen: the schema being checked, migrations pending, a reopen. */
export type Stage =
	| {readonly kind: 'checking'}
	| {readonly kind: 'pending'; readonly status: PendingMigrations; readonly applying: boolean; readonly error: string | undefined}
	| {readonly kind: 'ready'}
	| {readonly kind: 'reopening'}
	| {readonly kind: 'failed'; readonly error: string; readonly reopenFailed?: boolean};

export function stageFor(status: PendingMigrations): Stage {
	return status.pending.length > 0 ? {kind: 'pending', status, applying: false, error: undefined} : {kind: 'ready'};
}

/** A failure as one line for the screen. */
export function message(error: unknown): string {
	return error instanceof UserError || error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
