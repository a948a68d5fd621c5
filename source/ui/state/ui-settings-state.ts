import {defaultUiSettings, readUiSettings, writeUiSettings} from '../../store/ui-settings.js';
import type {UiSettings} from '../../store/ui-settings.js';

/**
 * The layout choices remembered across runs (store/ui-settings.ts): read once when the app starts, written whole
 * (synchronously: a few bytes, on a rare key) after each change. Without a directory (tests, or no data
 * directory) they last for this run only.
 */
export class UiSettingsState {
	current: UiSettings;

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
		try {
			writeUiSettings(this.directory, this.current);
		} catch (error) {
			this.failed(`the setting holds for this run only: cannot save settings.json (${reason(error)})`);
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
