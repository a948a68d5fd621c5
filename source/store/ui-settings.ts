import {randomBytes} from 'node:crypto';
import {closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync} from 'node:fs';
import path from 'node:path';

/** What the TUI remembers across runs: small choices of layout, never data. */
export type UiSettings = {
	/** The preview pane beside the list on a wide terminal (`v`). */
	readonly preview: boolean;
	/** The SQL pane's height in rows (`+`/`-` while it has focus); undefined: about 40% of the screen. */
	readonly sqlPaneRows: number | undefined;
};

export const defaultUiSettings: UiSettings = {preview: true, sqlPaneRows: undefined};

export const uiSettingsFileName = 'settings.json';

export function uiSettingsPath(directory: string): string {
	return path.join(directory, uiSettingsFileName);
}

/**
 * The settings in `directory`, or the defaults for any that are missing, of the wrong type, or unreadable: a
 * corrupt or foreign file never stops the TUI (it is rewritten whole on the next change). Read synchronously: it
 * is a few bytes, read once before the first frame.
 */
export function readUiSettings(directory: string): UiSettings {
	let parsed: unknown;
	try {
		parsed = JSON.parse(readFileSync(uiSettingsPath(directory), 'utf8'));
	} catch {
		return defaultUiSettings;
	}
	if (typeof parsed !== 'object' || parsed === null) {
		return defaultUiSettings;
	}
	const {preview, sqlPaneRows} = parsed as Record<string, unknown>;
	return {
		preview: typeof preview === 'boolean' ? preview : defaultUiSettings.preview,
		sqlPaneRows: typeof sqlPaneRows === 'number' && Number.isInteger(sqlPaneRows) && sqlPaneRows >= 3 && sqlPaneRows <= 500 ? sqlPaneRows : undefined,
	};
}

/**
 * Writes the settings atomically: a new file (0600) beside the old one, flushed, then renamed over it, so a crash or
 * a full disk leaves the old settings or the new ones, never half a file. The directory is made 0700 if missing.
 * Synchronous on purpose: it runs on a rare key (`v`, `+`), and a `q` right after it must not end the process with
 * the write still under way (seen in tmux: the choice was lost).
 */
export function writeUiSettings(directory: string, settings: UiSettings): void {
	mkdirSync(directory, {recursive: true, mode: 0o700});
	const target = uiSettingsPath(directory);
	const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
	try {
		const file = openSync(temporary, 'wx', 0o600);
		try {
			writeSync(file, `${JSON.stringify({preview: settings.preview, sqlPaneRows: settings.sqlPaneRows ?? null}, null, 2)}\n`);
			fsyncSync(file);
		} finally {
			closeSync(file);
		}
		renameSync(temporary, target);
	} catch (error) {
		rmSync(temporary, {force: true});
		throw error;
	}
}
