import {previewMinWidth} from '../layout.js';
import type {AppContext, GlobalKeys} from './app-context.js';
import type {SqlPaneState} from './sql-pane-state.js';
import type {UiSettingsState} from './ui-settings-state.js';

/**
 * The preview pane beside a post list (`v`): the selected post whole, on a terminal of 140 columns or more. The
 * choice is remembered across runs; on a narrower terminal `v` says why nothing shows and changes nothing, and a
 * terminal widened past 140 shows the pane (if it is on) at the next frame.
 */
export class PreviewState implements GlobalKeys {
	constructor(
		private readonly context: AppContext,
		private readonly pane: SqlPaneState,
		private readonly settings: UiSettingsState,
	) {}

	get enabled(): boolean {
		return this.settings.current.preview;
	}

	/** The pane is drawn now: on, and the terminal wide enough. */
	get shown(): boolean {
		return this.enabled && this.pane.width >= previewMinWidth;
	}

	handleGlobalKey(name: string): boolean {
		if (name !== 'v') {
			return false;
		}
		if (this.pane.width < previewMinWidth) {
			this.context.messages.say(`the preview pane needs a terminal of ${previewMinWidth} columns or more (this one has ${this.pane.width})`, 'info');
			return true;
		}
		const preview = !this.enabled;
		this.context.messages.say(preview ? 'preview pane on (v hides it)' : 'preview pane off (v shows it)', 'info');
		// After the message: a save that fails says so instead.
		this.settings.update({preview});
		return true;
	}
}
