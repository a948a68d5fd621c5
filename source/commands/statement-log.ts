import {sanitize} from '../text/sanitize.js';

/** Sequelize times with Date.now() on some paths: whole milliseconds are shown as such, not as false precision. */
function formatMs(ms: number): string {
	return Number.isInteger(ms) || ms >= 10 ? String(Math.round(ms)) : ms.toFixed(1);
}

/**
 * `--sql`: every statement with its duration, one line each, on stderr so
 * stdout stays the command's own output (`--list --json --sql` is still pure
 * JSON). The text can hold a post's body, so it is sanitised like anything
 * from the database (line breaks become spaces).
 */
export function statementLogger(stream: NodeJS.WritableStream = process.stderr): (sql: string, ms: number) => void {
	return (sql, ms) => {
		const text = sanitize(sql).trim().replace(/;$/, '');
		stream.write(`${text}; -- ${formatMs(ms)} ms\n`);
	};
}
