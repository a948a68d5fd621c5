import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

/**
 * Ink re-lays out on resize but does not re-render the tree, so the size is
 * React state updated on stdout's 'resize'. Explicit props win (tests).
 */
export function useTerminalSize(width?: number, height?: number): {width: number; height: number} {
	const {stdout} = useStdout();
	const read = () => ({width: stdout.columns || 80, height: stdout.rows || 24});
	const [size, setSize] = useState(read);
	useEffect(() => {
		const onResize = () => setSize(read());
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
		// eslint-disable-next-line react-hooks/exhaustive-deps -- read() only closes over stdout
	}, [stdout]);
	return {width: width ?? size.width, height: height ?? size.height};
}
