/** What the help overlay lists, per view: the same table as DESIGN.md's key map. */
export type HelpEntry = {readonly keys: string; readonly action: string};

export type HelpContext = 'feed' | 'users' | 'profile' | 'post' | 'migrations';

const moving: HelpEntry[] = [
	{keys: '↑/↓  k/j', action: 'move selection'},
	{keys: 'PgUp/PgDn  Ctrl-U/Ctrl-D', action: 'page'},
	{keys: 'g/Home  G/End', action: 'first / last'},
];

const global: HelpEntry[] = [
	{keys: 'Tab/Shift-Tab  1  2', action: 'switch Feed / Users'},
	{keys: 'c', action: 'compose a post (sign in first if needed)'},
	{keys: 'a', action: 'account: sign in, register, sign out'},
	// One line for both: the Feed's keys still fit an 80×20 terminal without scrolling.
	{keys: 'm  `', action: 'migrations view / SQL pane (statements, with times)'},
	// R shares a line too, for the same reason.
	{keys: '?  R', action: 'this help / reopen a database file replaced on disk'},
	{keys: 'Esc  q', action: 'back; q on the top view quits'},
	{keys: 'Ctrl-Z  Ctrl-C', action: 'suspend to the shell (fg resumes) / quit'},
];

const postList: HelpEntry[] = [
	// v shares a line: the Feed's keys still fit an 80×20 terminal without scrolling.
	{keys: 'Enter  v', action: 'open the post / preview pane (140+ columns)'},
	{keys: 'u', action: "open the selected post's author"},
	{keys: 's  S', action: 'sort by time ↔ author / reverse'},
	{keys: '/', action: 'filter as typed, or @user (Tab completes); Esc clears'},
	{keys: 'd', action: 'delete your own post (asks y/n)'},
];

export const helpEntries: Record<HelpContext, readonly HelpEntry[]> = {
	feed: [...moving, ...postList, ...global],
	users: [
		...moving,
		{keys: 'Enter  u', action: "open the selected user's profile"},
		{keys: 's  S', action: 'sort by name ↔ latest post / reverse'},
		{keys: '/', action: 'filter by name or email as you type; Esc clears'},
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
		{keys: 'PgUp  Ctrl-U', action: 'page up (to the first, with so few rows)'},
		{keys: 'PgDn  Ctrl-D', action: 'page down (to the last)'},
		{keys: 'Enter', action: 'its SQL on this engine, up and down (j/k scroll, Esc closes)'},
		{keys: 'u', action: 'upgrade to the selected migration'},
		{keys: 'D', action: 'downgrade to it (reverts newer ones; y/n names tables and rows)'},
		{keys: '`', action: 'SQL pane: the last statements run, with times'},
		{keys: '` f', action: 'SQL pane keys: ↑↓ PgUp/PgDn g/G scroll, +/- height, Esc'},
		{keys: '?  R', action: 'this help / reopen a database file replaced on disk'},
		{keys: 'Esc  q', action: 'back (below head: to the pending-migrations screen)'},
		{keys: 'Ctrl-Z  Ctrl-C', action: 'suspend to the shell (fg resumes) / quit'},
	],
};
