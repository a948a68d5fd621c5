import {sanitize} from '../text/sanitize.js';

function formatMs(ms: number): string {
	return ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
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
