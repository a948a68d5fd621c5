import {createInterface} from 'node:readline/promises';
import type {DatabaseLocation} from '../config.js';
import {downgrade, planDowngrade, upgrade} from '../db/migrator.js';
import type {DowngradePlan} from '../db/migrator.js';
import {InterruptedError, UserError} from '../errors.js';
import {print, withDatabase} from './with-database.js';

function formatMs(ms: number): string {
	return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

export async function runMigrate(location: DatabaseLocation, to: string | undefined): Promise<number> {
	return withDatabase(location, {mode: 'create'}, async database => {
		const result = await upgrade(database, to, {}, {
			onDone: (name, _direction, ms) => print(`applied  ${name}  (${formatMs(ms)})`),
		});
		for (const name of result.skipped) {
			print(`skipped  ${name}  (applied meanwhile by another process)`);
		}
		const current = result.status.current ?? 'base';
		if (result.ran.length === 0) {
			print(`nothing to migrate: ${location.display} is at ${current}`);
		} else {
			const pending = result.status.pending.length;
			print(`${location.display} is at ${current}${pending > 0 ? ` (${pending} pending)` : ' (newest)'}`);
		}
		return 0;
	});
}

function describeDrops(plan: DowngradePlan): string {
	return plan.drops
		.filter(drop => drop.rows > 0)
		.map(drop => `${drop.rows.toLocaleString('en-US')} row${drop.rows === 1 ? '' : 's'} in ${drop.table}`)
		.join(', ');
}

async function confirmDrops(plan: DowngradePlan, yes: boolean): Promise<void> {
	const losses = describeDrops(plan);
	if (losses === '' || yes) {
		return;
	}
	if (!process.stdin.isTTY) {
		throw new UserError(`this downgrade drops tables holding data (${losses}); re-run with --yes to delete them`);
	}
	const prompt = createInterface({input: process.stdin, output: process.stderr});
	let answer: string;
	try {
		answer = await prompt.question(`This downgrade deletes ${losses}. Type 'yes' to continue: `);
	} catch (error) {
		// Ctrl-C (readline rejects the question with an AbortError) is an answer, not a failure: 130, as a shell says.
		if ((error as {code?: unknown}).code === 'ABORT_ERR') {
			throw new InterruptedError('downgrade cancelled; nothing was changed');
		}
		throw error;
	} finally {
		prompt.close();
	}
	if (answer.trim().toLowerCase() !== 'yes') {
		throw new UserError('downgrade cancelled; nothing was changed');
	}
}

export async function runDowngrade(location: DatabaseLocation, to: string | undefined, yes: boolean): Promise<number> {
	return withDatabase(location, {mode: 'existing'}, async database => {
		const plan = await planDowngrade(database, to);
		if (plan.steps.length === 0) {
			print(`nothing to downgrade: ${location.display} is at ${to === 'base' || to === undefined ? 'base' : to}`);
			return 0;
		}
		await confirmDrops(plan, yes);
		// Without --yes the downgrade stops, changing nothing, if its tables hold more rows by now than were confirmed.
		const result = await downgrade(
			database,
			plan,
			{},
			{onDone: (name, _direction, ms) => print(`reverted ${name}  (${formatMs(ms)})`)},
			{anyRows: yes},
		);
		for (const name of result.skipped) {
			print(`skipped  ${name}  (reverted meanwhile by another process)`);
		}
		for (const name of result.forgotten) {
			print(`forgot   ${name}  (the seeder's table was dropped: --seed fills it again)`);
		}
		print(`${location.display} is at ${result.status.current ?? 'base'} (${result.status.pending.length} pending)`);
		return 0;
	});
}
