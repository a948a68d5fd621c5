import type {KeyPress} from '../input/keys.js';

/** What the queue asks of the root: whether a key must wait for its list, and where a key goes. */
export type KeyRouter = {
	/** Several command keys typed in one chunk are handled one at a time (not while a modal takes text). */
	readonly splitsCommands: () => boolean;
	/** The key acts on a list that is not loaded yet (or not counted, for G): it waits, and so do the keys behind it. */
	readonly mustWait: (name: string) => boolean;
	readonly route: (press: KeyPress) => void;
	readonly stopped: () => boolean;
};

/** How one batch of keys went, so the root can skip a frame that would look the same. */
export type BatchResult = {
	/** A handler draws its change later (Enter in the compose box). */
	readonly frameHeld: boolean;
	/** Every key handled changed nothing (more text for a full field). */
	readonly noEffect: boolean;
};

/**
 * The pending-key queue. Keys not handled yet wait here in order: a key that needs the list waits while it loads
 * (after a sort, a filter, opening a profile, a jump to a far page) instead of acting on an empty window and being
 * lost, and later keys queue behind it so the order the user typed is kept.
 */
export class KeyQueue {
	#pending: KeyPress[] = [];
	#draining = false;
	#frameHeld = false;
	#handled = 0;
	#withoutEffect = 0;
	readonly #router: KeyRouter;

	constructor(router: KeyRouter) {
		this.#router = router;
	}

	/** Queues one batch of presses and handles what can be handled now. */
	run(presses: readonly KeyPress[]): BatchResult {
		this.#pending.push(...presses);
		this.#frameHeld = false;
		this.#handled = 0;
		this.#withoutEffect = 0;
		this.drain();
		return {frameHeld: this.#frameHeld, noEffect: this.#handled > 0 && this.#withoutEffect === this.#handled};
	}

	/** Keys are waiting for a list. */
	get waiting(): boolean {
		return this.#pending.length > 0;
	}

	/** Handles queued keys until one has to wait for its list. */
	drain(): void {
		if (this.#draining) {
			return;
		}
		this.#draining = true;
		try {
			while (this.#pending.length > 0 && !this.#router.stopped()) {
				const next = this.#pending[0]!;
				if (this.#router.splitsCommands() && next.name === next.text && next.text.length > 1) {
					// Several command keys in one chunk (typed fast, or a test): one at a time.
					this.#pending.splice(0, 1, ...Array.from(next.text, character => ({name: character, text: character})));
					continue;
				}
				if (this.#router.mustWait(next.name)) {
					break;
				}
				this.#pending.shift();
				this.#handled++;
				this.#router.route(next);
			}
		} finally {
			this.#draining = false;
		}
	}

	/** A list failed to load: it is not ready until a retry reads it, and keys waiting for it would wait that long. */
	clear(): void {
		this.#pending = [];
	}

	/** The key just handled changed nothing: no frame for it. */
	noEffect(): void {
		this.#withoutEffect++;
	}

	/** The key's change is drawn later by its handler: no frame for it now. */
	holdFrame(): void {
		this.#frameHeld = true;
	}
}
