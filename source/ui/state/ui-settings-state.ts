import {defaultUiSettings, readUiSettings, writeUiSettings} from '../../store/ui-settings.js';
import type {UiSettings} from '../../store/ui-settings.js';

/**
 * The layout choices remembered across runs (store/ui-settings.ts): read once when the app starts, written whole
 * after each change. Without a directory (tests, or no data directory) they last for this run only.
 */
export class UiSettingsState {
	current: UiSettings;
	/** A write is on its way: a change meanwhile waits for it and is written after it, once, whatever it was. */
	#writing: Promise<void> | undefined;
	#dirty = false;

	constructor(
		private readonly directory: string | undefined,
		/** A write failed: say so on the status line (the setting still holds for this run). */
		private readonly failed: (text: string) => void,
	) {
		this.current = directory === undefined ? defaultUiSettings : readUiSettings(directory);
	}

	update(change: Partial<UiSettings>): void {
		this.current = {...this.current, ...change};
		if (this.directory === undefined) {
			return;
		}
		if (this.#writing) {
			// Several + presses in a row: one more write after this one, of the latest settings.
			this.#dirty = true;
			return;
		}
		this.#write(this.directory);
	}

	#write(directory: string): void {
		this.#writing = writeUiSettings(directory, this.current)
			.catch((error: unknown) => this.failed(`the setting holds for this run only: cannot save settings.json (${reason(error)})`))
			.then(() => {
				this.#writing = undefined;
				if (this.#dirty) {
					this.#dirty = false;
					this.#write(directory);
				}
			});
	}

	/** Resolves once every change so far is on disk (or has failed). */
	async saved(): Promise<void> {
		while (this.#writing) {
			await this.#writing;
		}
	}
}

/** A failed write in a few words: the system's code (EACCES, ENOSPC) says it; the message repeats the long path. */
function reason(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (typeof code === 'string') {
		return code;
	}
	return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}
