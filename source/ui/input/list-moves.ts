import type {ListMove} from '../list/list-controller.js';

/** The keys that move a list's selection (and scroll the help and the SQL preview the same way). */
export const listMoves: Readonly<Record<string, ListMove>> = {
	up: 'up',
	k: 'up',
	down: 'down',
	j: 'down',
	pageup: 'page-up',
	'ctrl-u': 'page-up',
	pagedown: 'page-down',
	'ctrl-d': 'page-down',
	home: 'first',
	g: 'first',
	end: 'last',
	G: 'last',
};

/** The move `name` makes, if it is a list key (own properties only: `constructor` is not a key). */
export function listMove(name: string): ListMove | undefined {
	return Object.hasOwn(listMoves, name) ? listMoves[name] : undefined;
}
