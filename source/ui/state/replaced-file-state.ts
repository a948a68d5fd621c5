import type {Account} from '../../store/accounts.js';
import {DatabaseReplacedError} from '../../store/database-file.js';
import {errorText} from '../error-text.js';
import type {AppContext, GlobalKeys} from './app-context.js';
import {watchReplacedFile} from './replaced-file-watch.js';

/** What survives a reopen of the database (R after its file was replaced). */
export type CarriedSession = {readonly draft: string; readonly account: Account | undefined};

/** Shown while the file is replaced and nothing else is to be said. */
export const replacedFileNotice = 'the database file was replaced on disk: writes are refused; R reopens it';

/** Where a write was refused: what the message tells the user to do next depends on it. */
export type WriteOrigin = 'compose' | 'form' | 'view';

export type ReplacedFileOptions = {
	/** How often the SQLite file is checked for being replaced on disk, in ms (0: never; writes check anyway). */
	readonly fileCheckMs?: number;
	/** R after the file was replaced: reopen the database at its path, carrying the draft and the account over. */
	readonly onReopen?: (carried: CarriedSession) => void;
	/** The file was found replaced: the caller closes the database at once (see AppControllerOptions). */
	readonly onFileReplaced?: () => void;
};

export type ReplacedFileSession = {
	/** The draft and the account, for R. */
	readonly carried: () => CarriedSession;
	/** Nothing may read the old file any more: the live updates stop. */
	readonly stopReading: () => void;
};

/**
 * The SQLite file at the database's path was replaced on disk (`mv backup.db app.db`): noticed by a watch or by a
 * refused write, said on the status line, every later write refused with the reason, and R reopens the path.
 */
export class ReplacedFileState implements GlobalKeys {
	/** The path of the SQLite file names another file than the one opened: writes are refused, R reopens. */
	fileReplaced = false;
	readonly #stopWatch: () => void;

	constructor(
		private readonly context: AppContext,
		private readonly options: ReplacedFileOptions,
		private readonly session: ReplacedFileSession,
	) {
		this.#stopWatch = watchReplacedFile(context.database, () => this.#notice(), options.fileCheckMs);
	}

	handleGlobalKey(name: string): boolean {
		if (name !== 'R') {
			return false;
		}
		if (this.fileReplaced && this.options.onReopen) {
			this.options.onReopen(this.session.carried());
		}
		return true;
	}

	/** A write refused before it reaches the database, whose file was replaced. */
	refusedWrite(from: WriteOrigin): string | undefined {
		return this.fileReplaced ? this.writeFailure(new DatabaseReplacedError(this.context.database.location.display), from) : undefined;
	}

	/** What a failed write says; one refused for a replaced file also shows the notice and says how to go on. */
	writeFailure(error: unknown, from: WriteOrigin): string {
		if (error instanceof DatabaseReplacedError) {
			this.#replaced();
			const how = {compose: 'the draft is kept: Esc, then R', form: 'Esc, then R', view: 'R'}[from];
			return `${error.message}; ${how} reopens the file now at the path`;
		}
		return errorText(error);
	}

	dispose(): void {
		this.#stopWatch();
	}

	/** The path names another file now: say so until the user reopens it (R). */
	#notice(): void {
		if (this.context.disposed() || this.fileReplaced) {
			return;
		}
		this.#replaced();
		// In place of whatever the status line said: after the next key it stays there as the notice (main-screen.tsx).
		this.context.messages.say(replacedFileNotice, 'error');
		this.context.changed();
	}

	/**
	 * From now on nothing reads or writes the database: the caller closes it (onFileReplaced), the views keep what
	 * they show, and writes are refused here with the reason until R reopens the path.
	 */
	#replaced(): void {
		if (this.fileReplaced) {
			return;
		}
		this.fileReplaced = true;
		this.#stopWatch();
		this.session.stopReading();
		this.options.onFileReplaced?.();
	}
}
