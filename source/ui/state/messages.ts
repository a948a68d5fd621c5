/** The status line's message: what the last key or effect said, and the report of a failed read. */
export type Message = {readonly text: string; readonly tone: 'info' | 'error'};

/**
 * Owns the one message line above the status bar. A key clears it (the root does, before routing the key), so a
 * message lasts until the next key; a failed read's report is remembered so that it goes by itself once every view
 * reads again, while a message said after it stays.
 */
export class Messages {
	current: Message | undefined;
	#readFailure: Message | undefined;

	say(text: string, tone: Message['tone']): void {
		this.current = {text, tone};
	}

	clear(): void {
		this.current = undefined;
	}

	/** A read failed: say why, and remember it as the report that goes once the reads recover. */
	reportReadFailure(text: string): void {
		this.say(text, 'error');
		this.#readFailure = this.current;
	}

	/** A failed read's report was made and the reads have not recovered since. */
	get readFailing(): boolean {
		return this.#readFailure !== undefined;
	}

	/** Every view reads again: the report goes from the line, unless something was said after it. */
	readsRecovered(): void {
		if (this.#readFailure !== undefined && this.current === this.#readFailure) {
			this.current = undefined;
		}
		this.#readFailure = undefined;
	}
}
