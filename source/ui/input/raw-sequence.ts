import {useStdin} from 'ink';
import {useEffect, useRef} from 'react';
import type {RefObject} from 'react';

/**
 * The raw bytes of the key press being handled, for what Ink's `Key` loses: it reports Backspace (0x7F) and the
 * forward Delete key (ESC[3~) alike as `delete`. Ink hands each key's bytes to its input listeners in turn; this
 * listener is put first (prependListener), so the ref holds the key's bytes when useInput's handler runs after it.
 */
export function useRawSequence(): RefObject<string> {
	const sequence = useRef('');
	// Ink names its input emitter internal; it is the only way to the bytes of one key as Ink split them.
	const {internal_eventEmitter: emitter} = useStdin();
	useEffect(() => {
		const listener = (data: string) => {
			sequence.current = data;
		};
		emitter.prependListener('input', listener);
		return () => {
			emitter.removeListener('input', listener);
		};
	}, [emitter]);
	return sequence;
}
