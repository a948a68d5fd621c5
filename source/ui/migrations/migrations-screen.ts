import type {Database} from '../../db/connection.js';
import {UserError} from '../../errors.js';
import {migrationSql, migrationsOverview, planDowngradeTo, runDowngrade, upgradeTo} from '../../store/migrations.js';
import type {DowngradePlan, MigrationSql, MigrationStatus} from '../../store/migrations.js';
import {wrapCells} from '../text/cells.js';
import {sanitize} from '../text/sanitize.js';

/** The rows of the view: `base` (nothing applied) first, then every migration oldest first. */
export type MigrationRow = {
	readonly name: string;
	readonly base: boolean;
	readonly applied: boolean;
	readonly appliedAt: Date | undefined;
	readonly current: boolean;
};

export type MigrationsPhase =
	| {readonly kind: 'list'}
	| {readonly kind: 'preview'; readonly name: string; readonly sql: MigrationSql | undefined; readonly error: string | undefined; readonly offset: number}
	| {readonly kind: 'planning'; readonly target: string}
	| {readonly kind: 'confirm'; readonly target: string; readonly plan: DowngradePlan}
	| {
			readonly kind: 'running';
			readonly direction: 'up' | 'down';
			readonly target: string;
			readonly steps: readonly string[];
			/** The migration being applied or reverted now, once the first has started. */
			readonly at: string | undefined;
			readonly started: number;
	  };

export type MigrationsScreenEvents = {
	/** State changed: repaint. */
	readonly changed: () => void;
	readonly say: (text: string, tone: 'info' | 'error') => void;
	/** A run is starting: the app stops reading tables that may be about to go. */
	readonly runStarting: () => void;
	/** A run ended (or failed) with the schema at `status`. */
	readonly runFinished: (status: MigrationStatus) => void;
	/** The body's width and height now, for scrolling the SQL preview. */
	readonly size: () => {readonly width: number; readonly rows: number};
};

const baseName = 'base';

/**
 * The Migrations view's state and keys: the list (with `base`), the SQL
 * preview of one migration, the downgrade confirmation and the progress of a
 * run. Everything it does to the schema goes through store/migrations.ts, the
 * same code as `--migrate --to` and `--downgrade --to`.
 */
export class MigrationsScreen {
	status: MigrationStatus | undefined;
	selected = 0;
	phase: MigrationsPhase = {kind: 'list'};
	loadError: string | undefined;
	readonly #database: Database;
	readonly #events: MigrationsScreenEvents;
	#disposed = false;

	constructor(database: Database, events: MigrationsScreenEvents) {
		this.#database = database;
		this.#events = events;
		void this.reload();
	}

	dispose(): void {
		this.#disposed = true;
	}

	get rows(): MigrationRow[] {
		const status = this.status;
		if (!status) {
			return [];
		}
		return [
			{name: baseName, base: true, applied: true, appliedAt: undefined, current: status.current === null},
			...status.migrations.map(migration => ({...migration, base: false})),
		];
	}

	/** The schema is below the newest migration: the feed's tables or indexes may be missing. */
	get behind(): boolean {
		return (this.status?.pending.length ?? 0) > 0;
	}

	get busy(): boolean {
		return this.phase.kind === 'running' || this.phase.kind === 'planning';
	}

	async reload(): Promise<void> {
		try {
			this.#setStatus(await migrationsOverview(this.#database), true);
		} catch (error) {
			this.loadError = errorText(error);
		}
		this.#changed();
	}

	/** Returns false for keys the view leaves to the global handler (back, help, the SQL pane). */
	handleKey(name: string): boolean {
		const phase = this.phase;
		switch (phase.kind) {
			case 'running':
			case 'planning': {
				// Nothing else happens until the run ends; Ctrl-C is handled above this.
				return name !== '`';
			}
			case 'confirm': {
				if (name === 'y' || name === 'Y') {
					void this.#downgrade(phase.target, phase.plan);
				} else if (name === 'n' || name === 'N' || name === 'escape' || name === 'q') {
					this.phase = {kind: 'list'};
					this.#events.say('downgrade cancelled; nothing was changed', 'info');
				} else if (name === '`') {
					// The SQL pane may open over the question; any other key leaves it asked.
					return false;
				}
				return true;
			}
			case 'preview': {
				return this.#previewKey(phase, name);
			}
			case 'list': {
				return this.#listKey(name);
			}
		}
	}

	#listKey(name: string): boolean {
		const rows = this.rows;
		const last = Math.max(0, rows.length - 1);
		const move = (to: number) => {
			this.selected = Math.min(last, Math.max(0, to));
		};
		switch (name) {
			case 'up':
			case 'k': {
				move(this.selected - 1);
				return true;
			}
			case 'down':
			case 'j': {
				move(this.selected + 1);
				return true;
			}
			case 'home':
			case 'g':
			case 'pageup':
			case 'ctrl-u': {
				move(0);
				return true;
			}
			case 'end':
			case 'G':
			case 'pagedown':
			case 'ctrl-d': {
				move(last);
				return true;
			}
			case 'enter': {
				const row = rows[this.selected];
				if (row && !row.base) {
					void this.#preview(row.name);
				} else if (row) {
					this.#events.say('base is the empty schema: it runs no SQL (D on it reverts every migration)', 'info');
				}
				return true;
			}
			case 'u': {
				this.#askUpgrade(rows[this.selected]);
				return true;
			}
			case 'D': {
				void this.#askDowngrade(rows[this.selected]);
				return true;
			}
			default: {
				return false;
			}
		}
	}

	#previewKey(phase: Extract<MigrationsPhase, {kind: 'preview'}>, name: string): boolean {
		const {width, rows} = this.#events.size();
		const page = Math.max(1, rows - 2);
		const steps: Record<string, number> = {up: -1, k: -1, down: 1, j: 1, pageup: -page, 'ctrl-u': -page, pagedown: page, 'ctrl-d': page};
		const max = previewMaxOffset(phase, this.#database.dialect, width, rows);
		const step = steps[name];
		if (step !== undefined) {
			this.phase = {...phase, offset: Math.max(0, Math.min(max, phase.offset + step))};
			return true;
		}
		if (name === 'home' || name === 'g' || name === 'end' || name === 'G') {
			this.phase = {...phase, offset: name === 'home' || name === 'g' ? 0 : max};
			return true;
		}
		if (name === 'escape' || name === 'q' || name === 'enter') {
			this.phase = {kind: 'list'};
			return true;
		}
		return name !== '?' && name !== '`';
	}

	async #preview(name: string): Promise<void> {
		this.phase = {kind: 'preview', name, sql: undefined, error: undefined, offset: 0};
		this.#changed();
		let sql: MigrationSql | undefined;
		let error: string | undefined;
		try {
			sql = await migrationSql(this.#database, name);
		} catch (caught) {
			error = errorText(caught);
		}
		if (this.phase.kind === 'preview' && this.phase.name === name) {
			this.phase = {...this.phase, sql, error};
			this.#changed();
		}
	}

	#askUpgrade(row: MigrationRow | undefined): void {
		if (!row || !this.status) {
			return;
		}
		if (row.base) {
			this.#events.say('select a migration to upgrade to (base is below every migration)', 'info');
		} else if (row.applied) {
			this.#events.say(`${row.name} is applied already${row.current ? '' : ' (D downgrades to it)'}`, 'info');
		} else {
			const index = this.status.pending.indexOf(row.name);
			void this.#upgrade(row.name, this.status.pending.slice(0, index + 1));
		}
	}

	async #askDowngrade(row: MigrationRow | undefined): Promise<void> {
		if (!row || !this.status) {
			return;
		}
		if (!row.applied) {
			this.#events.say(`${row.name} is not applied: u upgrades to it`, 'info');
			return;
		}
		if (row.current) {
			this.#events.say(`already at ${row.name}: nothing to downgrade`, 'info');
			return;
		}
		this.phase = {kind: 'planning', target: row.name};
		this.#changed();
		try {
			const plan = await planDowngradeTo(this.#database, row.name);
			this.phase = {kind: 'confirm', target: row.name, plan};
		} catch (error) {
			this.phase = {kind: 'list'};
			this.#events.say(errorText(error), 'error');
		}
		this.#changed();
	}

	async #upgrade(target: string, steps: readonly string[]): Promise<void> {
		await this.#run('up', target, steps, async onStart => upgradeTo(this.#database, target, onStart));
	}

	async #downgrade(target: string, plan: DowngradePlan): Promise<void> {
		await this.#run('down', target, plan.steps, async onStart => runDowngrade(this.#database, plan, onStart));
	}

	async #run(
		direction: 'up' | 'down',
		target: string,
		steps: readonly string[],
		work: (onStart: (name: string) => void) => Promise<{ran: string[]; status: MigrationStatus}>,
	): Promise<void> {
		const started = performance.now();
		this.phase = {kind: 'running', direction, target, steps, at: undefined, started};
		this.#events.runStarting();
		this.#changed();
		const onStart = (name: string) => {
			if (this.phase.kind === 'running') {
				this.phase = {...this.phase, at: name};
				this.#changed();
			}
		};
		try {
			const result = await work(onStart);
			const ms = Math.round(performance.now() - started);
			const verb = direction === 'up' ? 'applied' : 'reverted';
			const done = result.ran.length > 0 ? `${verb} ${result.ran.join(', ')}` : `nothing to ${direction === 'up' ? 'apply' : 'revert'}`;
			this.phase = {kind: 'list'};
			this.#setStatus(result.status, false);
			this.#events.say(`${direction === 'up' ? 'upgraded' : 'downgraded'} to ${target}: ${done} (${ms} ms)`, 'info');
		} catch (error) {
			this.phase = {kind: 'list'};
			this.#events.say(errorText(error), 'error');
			try {
				this.#setStatus(await migrationsOverview(this.#database), false);
			} catch {
				// The message above already says what went wrong.
			}
		}
		if (this.status) {
			this.#events.runFinished(this.status);
		}
		this.#changed();
	}

	#setStatus(status: MigrationStatus, selectCurrent: boolean): void {
		this.status = status;
		this.loadError = undefined;
		const rows = this.rows;
		if (selectCurrent) {
			const current = rows.findIndex(row => row.current);
			this.selected = Math.max(0, current);
		} else {
			this.selected = Math.min(this.selected, Math.max(0, rows.length - 1));
		}
	}

	#changed(): void {
		if (!this.#disposed) {
			this.#events.changed();
		}
	}
}

/**
 * The preview's lines at `width`: a title, the statements `up` runs, those
 * `down` runs, each statement wrapped. Migration files are this program's own,
 * but their text is sanitised like everything else that reaches the terminal.
 */
export function previewLines(phase: Extract<MigrationsPhase, {kind: 'preview'}>, dialect: string, width: number): string[] {
	if (phase.error) {
		return [phase.error];
	}
	if (!phase.sql) {
		return ['working out the SQL…'];
	}
	const section = (title: string, statements: readonly string[]) => [
		title,
		...(statements.length === 0 ? ['  (no statements)'] : statements.flatMap(statement => wrapCells(sanitize(statement), width - 2).map(line => `  ${line}`))),
	];
	return [
		...section(`upgrade: the SQL ${phase.name} runs on ${dialect}`, phase.sql.up),
		'',
		...section(`downgrade: the SQL reverting it runs`, phase.sql.down),
	];
}

/** The preview shows a title line above its scrolled lines. */
export function previewMaxOffset(phase: Extract<MigrationsPhase, {kind: 'preview'}>, dialect: string, width: number, rows: number): number {
	return Math.max(0, previewLines(phase, dialect, width).length - Math.max(1, rows - 1));
}

function errorText(error: unknown): string {
	if (error instanceof UserError) {
		return error.message;
	}
	const text = error instanceof Error ? error.message : String(error);
	return `error: ${text.split('\n')[0] ?? text}`;
}
