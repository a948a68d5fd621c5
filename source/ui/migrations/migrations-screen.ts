import type {Database} from '../../db/connection.js';
import {migrationSql, migrationsOverview, planDowngradeTo, runDowngrade, upgradeSteps, upgradeTo} from '../../store/migrations.js';
import type {DowngradePlan, MigrationSql, MigrationStatus} from '../../store/migrations.js';
import {errorText} from '../error-text.js';
import {previewKey} from './migrations-preview.js';

/** The rows of the view: `base` (nothing applied) first, then every migration oldest first. */
export type MigrationRow = {
	readonly name: string;
	readonly base: boolean;
	readonly applied: boolean;
	/** Run only when named: `u` on it runs it; upgrading past it leaves it out. */
	readonly optional: boolean;
	readonly appliedAt: Date | undefined;
	readonly current: boolean;
};

/** The SQL of one migration, shown in the view (migrations-preview.ts lays it out). */
export type PreviewPhase = {readonly kind: 'preview'; readonly name: string; readonly sql: MigrationSql | undefined; readonly error: string | undefined; readonly offset: number};

export type MigrationsPhase =
	| {readonly kind: 'list'}
	| PreviewPhase
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
			{name: baseName, base: true, applied: true, optional: false, appliedAt: undefined, current: status.current === null},
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
		// Few rows: a page key goes to the end, as far as a page would.
		const targets: Record<string, number> = {up: this.selected - 1, k: this.selected - 1, down: this.selected + 1, j: this.selected + 1};
		for (const key of ['home', 'g', 'pageup', 'ctrl-u']) targets[key] = 0;
		for (const key of ['end', 'G', 'pagedown', 'ctrl-d']) targets[key] = last;
		const target = Object.hasOwn(targets, name) ? targets[name] : undefined;
		if (target !== undefined) {
			this.selected = Math.min(last, Math.max(0, target));
			return true;
		}
		switch (name) {
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

	#previewKey(phase: PreviewPhase, name: string): boolean {
		const {next, taken} = previewKey(phase, name, this.#database.dialect, this.#events.size());
		this.phase = next;
		return taken;
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
			void this.#upgrade(row.name, upgradeSteps(this.status, row.name));
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
