import type {Database} from '../../db/connection.js';
import type {KeyQueue} from './key-queue.js';
import type {Messages} from './messages.js';
import type {Modal} from './modal.js';

/** The one modal open over the views, if any: whichever slice opened it takes the keys until it closes. */
export type ModalSlot = {current: Modal | undefined};

/**
 * What every slice of the UI state shares, made by the root (app-controller.ts). A slice reaches the store by calling
 * source/store/ with `database`; it reaches the screen through `changed` (a frame) and `messages` (the status line).
 */
export type AppContext = {
	readonly database: Database;
	readonly messages: Messages;
	readonly keys: KeyQueue;
	readonly modal: ModalSlot;
	/** State changed outside a key press (a read answered, a write ended): draw a frame. */
	readonly changed: () => void;
	/** The app is gone: effects that end now change nothing. */
	readonly disposed: () => boolean;
	/** A list or profile read failed: report it, unless the schema is moving or the file is gone. */
	readonly readFailed: (error: unknown) => void;
	/** A list loaded or moved (`visible`: the screen would look different): keys that waited for it run. */
	readonly listChanged: (visible: boolean) => void;
	/** A read answered after failures: true, and the report goes, when every view reads again. */
	readonly readsRecovered: () => boolean;
};

/** A slice that answers keys when neither a modal nor the view took them (Tab, ?, c, a, m, `, R, q). */
export type GlobalKeys = {readonly handleGlobalKey: (name: string) => boolean};
