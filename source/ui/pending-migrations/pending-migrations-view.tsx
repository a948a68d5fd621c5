import {Box, Text} from 'ink';
import type {PendingMigrations} from '../../store/migrations.js';
import {truncateCells} from '../text/cells.js';
import {sanitize} from '../text/sanitize.js';
import {useTheme} from '../theme.js';

export type PendingMigrationsViewProps = {
	readonly status: PendingMigrations;
	readonly database: string;
	readonly applying: boolean;
	readonly error: string | undefined;
	readonly width: number;
	/** Reached by leaving the Migrations view below head: Esc goes back to it. */
	readonly canGoBack?: boolean;
};

/** Nothing changes until the user says so: `m` applies, `q` quits. */
export function PendingMigrationsView({status, database, applying, error, width, canGoBack = false}: PendingMigrationsViewProps) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			<Text bold={theme.bold} color={theme.warning}>
				{truncateCells(`${sanitize(database)} needs migrating`, width)}
			</Text>
			<Text>{truncateCells(`current: ${status.current ?? 'base (no migrations applied)'}`, width)}</Text>
			<Text>{`pending (${status.pending.length}):`}</Text>
			{status.pending.map(name => (
				<Text key={name}>{truncateCells(`  ${name}`, width)}</Text>
			))}
			<Text> </Text>
			{applying ? (
				<Text>applying…</Text>
			) : (
				<Text>{truncateCells(canGoBack ? 'm apply them now · Esc back to the Migrations view · q quit' : 'm apply them now · q or Esc quits without changing anything', width)}</Text>
			)}
			{error ? <Text color={theme.error}>{truncateCells(sanitize(error), width)}</Text> : null}
		</Box>
	);
}
