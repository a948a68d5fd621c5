import {Box, Text} from 'ink';
import type {DowngradePlan} from '../../store/migrations.js';
import {cellWidth, fitCells, truncateCells, wrapCells} from '../text/cells.js';
import {formatCount, localTime} from '../text/format.js';
import {useTheme} from '../theme.js';
import type {MigrationRow, MigrationsScreen} from './migrations-screen.js';
import {previewLines, previewMaxOffset} from './migrations-preview.js';

export type MigrationsViewProps = {
	readonly screen: MigrationsScreen;
	readonly dialect: string;
	readonly width: number;
	/** Rows the view may fill. */
	readonly height: number;
};

function rowText(row: MigrationRow, nameWidth: number, withTime: boolean): string {
	const name = fitCells(row.base ? '(base)' : row.name, nameWidth);
	const time = withTime && row.appliedAt ? `  ${localTime(row.appliedAt)}` : '';
	const state = row.base ? 'no migrations applied' : row.applied ? (row.appliedAt ? `applied${time}` : 'stamped') : row.optional ? 'optional (u runs it)' : 'pending';
	return `${name}  ${state}${row.current ? '  ◀ current' : ''}`;
}

function rowsText(count: number): string {
	return `${formatCount(count)} ${count === 1 ? 'row' : 'rows'}`;
}

/** The confirmation names every migration reverted and every table dropped, with its rows. */
export function downgradeQuestion(target: string, plan: DowngradePlan): string {
	const drops =
		plan.drops.length === 0
			? 'Drops no table; every row stays.'
			: `Drops ${plan.drops.length === 1 ? 'table' : 'tables'} ${plan.drops.map(drop => `${drop.table} (${rowsText(drop.rows)})`).join(', ')}.`;
	const lost = plan.drops.reduce((sum, drop) => sum + drop.rows, 0);
	const warning = lost > 0 ? ` ${rowsText(lost)} will be deleted.` : '';
	return `Downgrade to ${target}? Reverts ${plan.steps.join(', ')}. ${drops}${warning} y/n`;
}

export function MigrationsView({screen, dialect, width, height}: MigrationsViewProps) {
	const theme = useTheme();
	const status = screen.status;
	const phase = screen.phase;
	if (!status) {
		return <Text>{screen.loadError ?? 'reading the migration record…'}</Text>;
	}
	const pending = status.pending.length;
	const heading = `Migrations on ${dialect} · current: ${status.current ?? 'base'} ${pending === 0 ? '(head)' : `(${pending} pending)`}`;
	const title = (
		<Text bold={theme.bold} color={theme.accent}>
			{truncateCells(heading, width)}
		</Text>
	);

	if (phase.kind === 'preview') {
		const lines = previewLines(phase, dialect, width);
		const room = Math.max(1, height - 1);
		const offset = Math.min(phase.offset, previewMaxOffset(phase, dialect, width, height));
		const more = lines.length > room ? ` (${offset + Math.min(room, lines.length - offset)}/${lines.length}, j/k scroll)` : '';
		return (
			<Box flexDirection="column">
				<Text bold={theme.bold} color={theme.accent}>
					{truncateCells(`SQL of ${phase.name} on ${dialect}${more} · Esc closes`, width)}
				</Text>
				{lines.slice(offset, offset + room).map((line, index) => (
					<Text key={offset + index}>{truncateCells(line, width)}</Text>
				))}
			</Box>
		);
	}

	let footer: string[] = [];
	let footerColor = theme.warning;
	if (phase.kind === 'confirm') {
		footer = wrapCells(downgradeQuestion(phase.target, phase.plan), width);
	} else if (phase.kind === 'planning') {
		footer = [`working out what a downgrade to ${phase.target} drops…`];
		footerColor = theme.muted;
	} else if (phase.kind === 'running') {
		const verb = phase.direction === 'up' ? 'applying' : 'reverting';
		const index = phase.at === undefined ? 0 : phase.steps.indexOf(phase.at) + 1;
		footer = [
			phase.at === undefined
				? `${phase.direction === 'up' ? 'upgrading' : 'downgrading'} to ${phase.target}…`
				: `${verb} ${phase.at}… (${index} of ${phase.steps.length})`,
		];
		footerColor = theme.accent;
	} else if (pending > 0) {
		footer = wrapCells('The feed needs every migration applied: u on the last one upgrades to head. Esc leaves for the pending-migrations screen.', width);
		footerColor = theme.muted;
	}

	const rows = screen.rows;
	const longestName = Math.max(...rows.map(row => cellWidth(row.name)));
	// On a narrow terminal the time goes first: whole names and the current mark say more.
	const withTime = rows.every(row => 2 + cellWidth(rowText(row, longestName, true)) <= width);
	const nameWidth = withTime ? longestName : Math.min(longestName, Math.max(8, width - 2 - 2 - 'applied'.length - '  ◀ current'.length));
	const room = Math.max(1, height - 2 - footer.length);
	// Windowed like the other lists, should the history outgrow the screen.
	const first = Math.min(Math.max(0, screen.selected - room + 1), Math.max(0, rows.length - room));
	return (
		<Box flexDirection="column">
			{title}
			{rows.slice(first, first + room).map((row, index) => {
				const selected = first + index === screen.selected;
				return (
					<Text
						key={row.name}
						inverse={selected && theme.selectedInverse}
						color={selected ? undefined : row.applied ? undefined : theme.muted}
						bold={row.current && theme.bold}
					>
						{truncateCells(`${selected ? '›' : ' '} ${rowText(row, nameWidth, withTime)}`, width)}
					</Text>
				);
			})}
			<Text> </Text>
			{footer.map((line, index) => (
				<Text key={index} color={footerColor}>
					{line}
				</Text>
			))}
		</Box>
	);
}
