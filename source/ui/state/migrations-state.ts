import type {MigrationStatus} from '../../store/migrations.js';
import {MigrationsScreen} from '../migrations/migrations-screen.js';
import type {AppContext, GlobalKeys} from './app-context.js';
import type {Navigation} from './navigation.js';
import type {SqlPaneState} from './sql-pane-state.js';

/** Keys the Migrations view lets through while the schema is below head: anything else would read missing tables. */
const keysWhileBehind = new Set(['?', '`', 'escape', 'q']);

export type MigrationsEvents = {
	/** The schema is at head again after a change: every list and the account are read anew. */
	readonly reloadAll: () => void;
	/** Leaving the Migrations view with the schema below head: the views cannot read it, the app shows what is pending. */
	readonly onSchemaBehind?: () => void;
};

/**
 * The Migrations view (m) as the app sees it: opening and leaving it, and whether the schema may be read. While a run
 * is under way (tables may vanish) or left the schema below head, nothing reads the lists and no failure is reported.
 * The view's own keys and runs are MigrationsScreen's (source/ui/migrations/).
 */
export class MigrationsState implements GlobalKeys {
	/** A migration run is under way: tables may vanish, so lists neither refresh nor report failures. */
	migrating = false;
	/** The last migration run left the schema below head. */
	schemaBehind = false;

	constructor(
		private readonly context: AppContext,
		private readonly navigation: Navigation,
		private readonly pane: SqlPaneState,
		private readonly events: MigrationsEvents,
	) {}

	/** Reads of the schema would fail or race a run: the lists wait. */
	get schemaUnreadable(): boolean {
		return this.migrating || this.schemaBehind;
	}

	handleGlobalKey(name: string): boolean {
		if (name !== 'm') {
			return false;
		}
		this.open();
		return true;
	}

	/** A key in the Migrations view: false for keys left to the global handler. */
	handleViewKey(screen: MigrationsScreen, name: string): boolean {
		if (screen.handleKey(name)) {
			return true;
		}
		if (screen.behind && !keysWhileBehind.has(name)) {
			this.context.messages.say('the schema is below head, so the views cannot read it: u on the last migration upgrades, Esc leaves', 'info');
			return true;
		}
		return false;
	}

	open(): void {
		if (this.navigation.view.kind === 'migrations') {
			return;
		}
		const screen = new MigrationsScreen(this.context.database, {
			changed: () => this.context.changed(),
			say: (text, tone) => this.context.messages.say(text, tone),
			runStarting: () => {
				this.migrating = true;
			},
			runFinished: status => this.#ran(status),
			size: () => ({width: this.pane.width, rows: this.pane.bodyRows()}),
		});
		this.navigation.push({kind: 'migrations', screen});
	}

	/** The view was taken off the stack. */
	closed(screen: MigrationsScreen): void {
		screen.dispose();
		if (this.schemaBehind) {
			this.events.onSchemaBehind?.();
		}
	}

	/** The schema reached head outside the Migrations view (the pending-migrations screen, or another process). */
	atHead(): void {
		this.migrating = false;
		this.schemaBehind = false;
		this.events.reloadAll();
	}

	dispose(): void {
		for (const entry of this.navigation.stack) {
			if (entry.kind === 'migrations') {
				entry.screen.dispose();
			}
		}
	}

	/** After a run from the Migrations view: at head every list reads again; below head nothing reads until it is. */
	#ran(status: MigrationStatus): void {
		this.migrating = false;
		this.schemaBehind = status.pending.length > 0;
		if (!this.schemaBehind) {
			this.events.reloadAll();
		}
	}
}
