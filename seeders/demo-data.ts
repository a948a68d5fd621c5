/** The demo accounts the seeders create; all share one password, documented in README. */
export const demoPassword = 'microblog-demo';

export const demoUsers = [
	{username: 'john', email: 'john@example.com'},
	{username: 'susan', email: 'susan@example.com'},
	{username: 'ana', email: 'ana@example.com'},
	{username: 'miguel', email: 'miguel@example.com'},
	{username: 'mei', email: 'mei@example.com'},
	{username: 'olu', email: 'olu@example.com'},
] as const;

export const demoUsernames: string[] = demoUsers.map(user => user.username);

const openings = [
	'Beautiful day in Portland!',
	'The Avengers movie was so cool!',
	'Reading about database migrations tonight.',
	'Keyset pagination beats OFFSET every time.',
	'Coffee first, then code.',
	'Finally fixed that flaky test.',
	'Anyone else trying the new terminal UI?',
	'Rainy Sunday, perfect for refactoring.',
	'Learning Sequelize associations: hasMany and belongsTo.',
	'Shipped a small feature today 🎉',
	'Café con leche y un buen libro.',
	'東京は今日も晴れ。',
];

/** A few dozen posts, spread over the last week, newest last. */
export function demoPosts(now: Date): Array<{username: string; body: string; timestamp: Date}> {
	const posts: Array<{username: string; body: string; timestamp: Date}> = [];
	const count = 36;
	const span = 7 * 24 * 60 * 60 * 1000;
	for (let index = 0; index < count; index++) {
		const user = demoUsers[(index * 5) % demoUsers.length]!;
		const body = `${openings[index % openings.length]!}${index >= openings.length ? ` (#${index + 1})` : ''}`;
		const timestamp = new Date(now.getTime() - span + Math.round(((index + 1) * span) / (count + 1)));
		posts.push({username: user.username, body, timestamp});
	}
	return posts;
}
