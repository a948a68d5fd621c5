import type {Database} from '../../db/connection.js';
import {readProblem} from '../../store/read-problem.js';
import type {KeyQueue} from './key-queue.js';
import type {Messages} from './messages.js';

export type ReadFailuresOptions = {
	readonly database: Database;
	readonly messages: Messages;
	readonly keys: KeyQueue;
	readonly changed: () => void;
	/** Some list or profile is still failing to read. */
	readonly failing: () => boolean;
	/** Failures say nothing now: the file was replaced (its notice says why) or the schema is moving (the Migrations view does). */
	readonly quiet: () => boolean;
};

/**
 * What the lists and profiles tell the root as they read: a failure is reported on the status line (and drops the
 * keys waiting for a list), the report goes once every view reads again, and a list that loaded lets waiting keys run.
 */
export class ReadFailures {
	constructor(private readonly options: ReadFailuresOptions) {}

	/** A list or profile read failed. */
	failed(error: unknown): void {
		const {keys, messages} = this.options;
		// A list that failed to load is not ready until a retry reads it: keys waiting for it would wait that long.
		keys.clear();
		if (this.options.quiet()) {
			// A read that raced a migration reloads once the schema is at head again; a replaced file's notice says why.
			return;
		}
		messages.reportReadFailure(readProblem(this.options.database, error));
		this.options.changed();
	}

	/**
	 * Whether every view reads again after a failure: then the status line's report of it goes (it would say the
	 * database does not answer while it does). True when nothing failed.
	 */
	recovered(): boolean {
		if (this.options.failing()) {
			return false;
		}
		this.options.messages.readsRecovered();
		return true;
	}

	/** A list loaded or moved: keys that waited for it can run now. */
	listChanged(visible: boolean): void {
		const {keys, messages, changed} = this.options;
		// A list read again after a failure may be the last one failing: then the report of it goes from the status line.
		const reportGone = messages.readFailing && this.recovered();
		if (keys.waiting) {
			// Keys that waited for rows: the rows may be these, wherever they are.
			keys.drain();
			changed();
		} else if (visible || reportGone) {
			changed();
		}
	}
}
