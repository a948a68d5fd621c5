import {defaultUiSettings, readUiSettings, writeUiSettings} from '../../store/ui-settings.js';
import type {UiSettings} from '../../store/ui-settings.js';

/**
 * The layout choices remembered across runs (store/ui-settings.ts): read once when the app starts, written whole
 * after each change. Without a directory (tests, or no data directory) they last for this run only.
 */
export class UiSettingsState {
	current: UiSettings;
	/** Writes run one after another, so the file ends with the last change whatever the disk's speed. */
	#writes: Promise<void> = Promise.resolve();

	constructor(
		private readonly directory: string | undefined,
		/** A write failed: say so on the status line (the setting still holds for this run). */
		private readonly failed: (text: string) => void,
	) {
		this.current = directory === undefined ? defaultUiSettings : readUiSettings(directory);
	}

	update(change: Partial<UiSettings>): void {
		this.current = {...this.current, ...change};
		const {directory} = this;
		if (directory === undefined) {
			return;
		}
		const settings = this.current;
		this.#writes = this.#writes.then(
			async () => writeUiSettings(directory, settings),
		).catch((error: unknown) => this.failed(`the setting holds for this run only: cannot save it (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`));
	}

	/** Resolves once every change so far is on disk (or has failed): tests wait for it. */
	async saved(): Promise<void> {
		await this.#writes;
	}
}
