import {createContext, useContext} from 'react';

/**
 * Colours go through this object only, so `--no-color`/NO_COLOR can switch
 * them all off: Ink's chalk does not read NO_COLOR itself. With colour off the
 * props are undefined and Ink emits no SGR sequence at all.
 */
export type Theme = {
	readonly enabled: boolean;
	readonly accent: string | undefined;
	readonly muted: string | undefined;
	readonly error: string | undefined;
	readonly warning: string | undefined;
	readonly success: string | undefined;
	/** Selected row: inverse video when colour is on; the `›` marker carries it otherwise. */
	readonly selectedInverse: boolean;
	readonly bold: boolean;
};

export function makeTheme(color: boolean): Theme {
	return color
		? {enabled: true, accent: 'cyan', muted: 'gray', error: 'red', warning: 'yellow', success: 'green', selectedInverse: true, bold: true}
		: {
				enabled: false,
				accent: undefined,
				muted: undefined,
				error: undefined,
				warning: undefined,
				success: undefined,
				selectedInverse: false,
				bold: false,
			};
}

export const ThemeContext = createContext<Theme>(makeTheme(false));

export function useTheme(): Theme {
	return useContext(ThemeContext);
}
