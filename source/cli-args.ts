import {UsageError} from './errors.js';

export type ListTarget = 'posts' | 'users';
export type ListSort = 'timestamp' | 'username';

export type Command =
	| {kind: 'tui'; user?: string}
	| {kind: 'migrate'; to?: string}
	| {kind: 'downgrade'; to?: string; yes: boolean}
	/** `--migrate --sql` / `--downgrade --sql`: print the script, touch no database. */
	| {kind: 'offline-sql'; direction: 'up' | 'down'; from?: string; to?: string}
	| {kind: 'status'; json: boolean}
	| {kind: 'check'}
	| {kind: 'seed'; undo: boolean}
	| {kind: 'shell'; sql: boolean}
	| {kind: 'list'; target: ListTarget; sort: ListSort; reverse: boolean; limit: number; json: boolean; sql: boolean}
	| {kind: 'generate'; users: number; posts: number}
	| {kind: 'set-password'; username: string}
	| {kind: 'stamp'; to: string};

export type Flags = {
	database?: string;
	migrate: boolean;
	downgrade: boolean;
	to?: string;
	from?: string;
	sql: boolean;
	status: boolean;
	json: boolean;
	check: boolean;
	seed: boolean;
	undo: boolean;
	shell: boolean;
	list?: string;
	sort?: string;
	reverse: boolean;
	limit?: string;
	yes: boolean;
	user?: string;
	color: boolean;
	generate: boolean;
	users?: string;
	posts?: string;
	setPassword?: string;
	stamp?: string;
};

export const defaultListLimit = 20;
const maxListLimit = 100_000;

function only(flags: Flags, flag: keyof Flags, label: string, allowedWith: string): void {
	const value = flags[flag];
	if (value !== undefined && value !== false) {
		throw new UsageError(`${label} goes with ${allowedWith}`);
	}
}

/** Turns parsed flags into exactly one command, or a usage error naming the conflict. */
export function commandFromFlags(flags: Flags, inputs: readonly string[]): Command {
	if (inputs.length > 0) {
		throw new UsageError(`unexpected argument '${inputs[0]}' (see --help)`);
	}
	const chosen = (
		[
			['--migrate', flags.migrate],
			['--downgrade', flags.downgrade],
			['--status', flags.status],
			['--check', flags.check],
			['--seed', flags.seed],
			['--shell', flags.shell],
			['--list', flags.list !== undefined],
			['--generate', flags.generate],
			['--set-password', flags.setPassword !== undefined],
			['--stamp', flags.stamp !== undefined],
		] as const
	)
		.filter(([, on]) => on)
		.map(([name]) => name);
	if (chosen.length > 1) {
		throw new UsageError(`choose one of ${chosen.join(', ')}`);
	}
	const command = chosen[0];
	if (command !== '--migrate' && command !== '--downgrade') {
		only(flags, 'to', '--to', '--migrate or --downgrade');
	}
	if (!['--migrate', '--downgrade', '--list', '--shell'].includes(command ?? '')) {
		only(flags, 'sql', '--sql', '--migrate, --downgrade, --list or --shell');
	}
	if (!flags.sql || (command !== '--migrate' && command !== '--downgrade')) {
		only(flags, 'from', '--from', '--migrate --sql or --downgrade --sql');
	}
	if (flags.from !== undefined && flags.from.trim() === '') {
		throw new UsageError('--from needs a migration name (or base)');
	}
	if (command !== '--status' && command !== '--list') {
		only(flags, 'json', '--json', '--status or --list');
	}
	if (command !== '--seed') {
		only(flags, 'undo', '--undo', '--seed');
	}
	if (command !== '--downgrade') {
		only(flags, 'yes', '--yes', '--downgrade');
	}
	if (command !== '--list') {
		only(flags, 'sort', '--sort', '--list');
		only(flags, 'reverse', '--reverse', '--list');
		only(flags, 'limit', '--limit', '--list');
	}
	if (command !== undefined) {
		only(flags, 'user', '--user', 'the TUI (no command flag)');
	}
	if (command !== '--generate') {
		only(flags, 'users', '--users', '--generate');
		only(flags, 'posts', '--posts', '--generate');
	}
	if (flags.to !== undefined && flags.to.trim() === '') {
		throw new UsageError('--to needs a migration name');
	}
	if (command === '--migrate' && flags.to === 'base') {
		throw new UsageError("--migrate --to base makes no sense: use --downgrade --to base");
	}
	switch (command) {
		case undefined: {
			return flags.user === undefined ? {kind: 'tui'} : {kind: 'tui', user: flags.user};
		}
		case '--migrate': {
			if (flags.sql) {
				return offlineSql('up', flags);
			}
			return flags.to === undefined ? {kind: 'migrate'} : {kind: 'migrate', to: flags.to};
		}
		case '--downgrade': {
			if (flags.sql) {
				return offlineSql('down', flags);
			}
			return flags.to === undefined ? {kind: 'downgrade', yes: flags.yes} : {kind: 'downgrade', to: flags.to, yes: flags.yes};
		}
		case '--status': {
			return {kind: 'status', json: flags.json};
		}
		case '--check': {
			return {kind: 'check'};
		}
		case '--seed': {
			return {kind: 'seed', undo: flags.undo};
		}
		case '--shell': {
			return {kind: 'shell', sql: flags.sql};
		}
		case '--list': {
			return listCommand(flags);
		}
		case '--generate': {
			return {
				kind: 'generate',
				users: count(flags.users, '--users', defaultGenerateUsers),
				posts: count(flags.posts, '--posts', defaultGeneratePosts),
			};
		}
		case '--set-password': {
			const username = flags.setPassword?.trim() ?? '';
			if (username === '') {
				throw new UsageError('--set-password needs a user name');
			}
			return {kind: 'set-password', username};
		}
		case '--stamp': {
			const to = flags.stamp?.trim() ?? '';
			if (to === '') {
				throw new UsageError('--stamp needs a migration name (or base)');
			}
			return {kind: 'stamp', to};
		}
		default: {
			throw new UsageError(`unknown command ${String(command)}`);
		}
	}
}

function offlineSql(direction: 'up' | 'down', flags: Flags): Command {
	return {
		kind: 'offline-sql',
		direction,
		...(flags.from === undefined ? {} : {from: flags.from}),
		...(flags.to === undefined ? {} : {to: flags.to}),
	};
}

export const defaultGenerateUsers = 100;
export const defaultGeneratePosts = 1000;
const maxGenerate = 100_000_000;

/** A whole number from 0 up; `1_000_000` and `1,000,000` are accepted as typed. */
function count(value: string | undefined, flag: string, fallback: number): number {
	if (value === undefined) {
		return fallback;
	}
	const digits = value.replace(/[_,]/g, '');
	if (!/^\d+$/.test(digits) || Number(digits) > maxGenerate) {
		throw new UsageError(`${flag} takes a whole number from 0 to ${maxGenerate.toLocaleString('en-US')}, not '${value}'`);
	}
	return Number(digits);
}

function listCommand(flags: Flags): Command {
	const target = flags.list;
	if (target !== 'posts' && target !== 'users') {
		throw new UsageError(`--list takes posts or users${target ? `, not '${target}'` : ''}`);
	}
	const sort = flags.sort ?? (target === 'posts' ? 'timestamp' : 'username');
	if (sort !== 'timestamp' && sort !== 'username') {
		throw new UsageError(`--sort takes timestamp or username, not '${sort}'`);
	}
	let limit = defaultListLimit;
	if (flags.limit !== undefined) {
		if (!/^\d+$/.test(flags.limit) || Number(flags.limit) < 1 || Number(flags.limit) > maxListLimit) {
			throw new UsageError(`--limit takes a whole number from 1 to ${maxListLimit}, not '${flags.limit}'`);
		}
		limit = Number(flags.limit);
	}
	return {kind: 'list', target, sort, reverse: flags.reverse, limit, json: flags.json, sql: flags.sql};
}
