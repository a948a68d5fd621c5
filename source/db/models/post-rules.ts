// The post model's rules as plain functions, apart from the model so that the UI's compose box and
// the store's checks use them without loading Sequelize (the TUI draws its first frame before it loads).
export const maxBodyLength = 140;

/** Length in Unicode code points, which is what VARCHAR(140) counts on PostgreSQL. */
export function bodyLength(body: string): number {
	return [...body].length;
}

/** What is stored of a body: trimmed, with NUL characters removed (the same on every engine). */
export function normaliseBody(body: string): string {
	return body.replaceAll('\u0000', '').trim();
}
