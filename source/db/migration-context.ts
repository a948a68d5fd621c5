import type {QueryInterface, Sequelize, Transaction} from 'sequelize';
import type {Dialect} from './connection.js';

/** What every migration and seeder receives: no global state, one transaction. */
export type StepContext = {
	readonly queryInterface: QueryInterface;
	readonly sequelize: Sequelize;
	/** Pass it to every query: the step and its record commit together. */
	readonly transaction: Transaction;
	readonly dialect: Dialect;
	/** True while the statements are recorded for `--sql`: nothing can be read, so a step checks no rows then. */
	readonly offline?: boolean;
};

export type StepFn = (params: {context: StepContext}) => Promise<void>;

export type StepModule = {
	up: StepFn;
	down: StepFn;
	/** Tables this step creates, and so its `down` drops (used to warn before deleting rows). */
	tables?: readonly string[];
	/** Seeders: tables this seeder writes rows into. A downgrade that drops one forgets the seeder (seed-records.ts). */
	fills?: readonly string[];
};
