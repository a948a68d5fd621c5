/** What the help overlay lists, per view: the same table as DESIGN.md's key map. */
export type HelpEntry = {readonly keys: string; readonly action: string};

export type HelpContext = 'feed' | 'users' | 'profile' | 'post' | 'migrations';

const moving: HelpEntry[] = [
	{keys: '↑/↓  k/j', action: 'move selection'},
	{keys: 'PgUp/PgDn  Ctrl-U/Ctrl-D', action: 'page'},
	{keys: 'g/Home  G/End', action: 'first / last'},
];

const global: HelpEntry[] = [
	{keys: 'Tab  1  2', action: 'switch Feed / Users'},
	{keys: 'c', action: 'compose a post (sign in first if needed)'},
	{keys: 'a', action: 'account: sign in, register, sign out'},
	// One line for both: the Feed's keys still fit an 80×20 terminal without scrolling.
	{keys: 'm  `', action: 'migrations view / SQL pane (statements, with times)'},
	{keys: '?', action: 'this help'},
	{keys: 'Esc  q', action: 'back; q on the top view quits'},
	{keys: 'Ctrl-C', action: 'quit'},
];

const postList: HelpEntry[] = [
	// v shares a line: the Feed's keys still fit an 80×20 terminal without scrolling.
	{keys: 'Enter  v', action: 'open the post / preview pane (140+ columns)'},
	{keys: 'u', action: "open the selected post's author"},
	{keys: 's  S', action: 'sort by time ↔ author / reverse'},
	{keys: '/', action: 'filter: text, or @username; Esc clears'},
	{keys: 'd', action: 'delete your own post (asks y/n)'},
];

export const helpEntries: Record<HelpContext, readonly HelpEntry[]> = {
	feed: [...moving, ...postList, ...global],
	users: [
		...moving,
		{keys: 'Enter', action: "open the selected user's profile"},
		{keys: 's  S', action: 'sort by name ↔ latest post / reverse'},
		...global,
	],
	profile: [...moving, ...postList.filter(entry => entry.keys !== 'u'), ...global],
	post: [
		{keys: 'j/k  n/p  ↓/↑', action: 'next / previous post of the list it came from'},
		{keys: 'u', action: "open the post's author"},
		{keys: 'd', action: 'delete this post if it is yours (asks y/n)'},
		...global,
	],
	migrations: [
		{keys: '↑/↓  k/j', action: 'move selection'},
		{keys: 'g/Home  G/End', action: 'first (base) / last'},
		{keys: 'Enter', action: 'its SQL on this engine, up and down (j/k scroll, Esc closes)'},
		{keys: 'u', action: 'upgrade to the selected migration'},
		{keys: 'D', action: 'downgrade to it (reverts newer ones; y/n names tables and rows)'},
		{keys: '`', action: 'SQL pane: the last statements run, with times'},
		{keys: '` f', action: 'SQL pane keys: ↑↓ PgUp/PgDn g/G scroll, +/- height, Esc'},
		{keys: '?', action: 'this help'},
		{keys: 'Esc  q', action: 'back (below head: to the pending-migrations screen)'},
		{keys: 'Ctrl-C', action: 'quit'},
	],
};
