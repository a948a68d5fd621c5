import type {DatabaseLocation} from '../config.js';
import {stamp} from '../db/stamp.js';
import {print, withDatabase} from './with-database.js';

export async function runStamp(location: DatabaseLocation, to: string): Promise<number> {
	return withDatabase(location, {mode: 'existing'}, async database => {
		const result = await stamp(database, to);
		for (const name of result.recorded) {
			print(`stamped  ${name}  (recorded as applied; not run)`);
		}
		for (const name of result.forgotten) {
			print(`forgot   ${name}  (its record only; the schema is as it was)`);
		}
		if (result.accepted.length > 0) {
			print('accepted, as known differences of an adopted schema:');
			for (const difference of result.accepted) {
				print(`  ${difference}`);
			}
		}
		const {current, pending} = result.status;
		const next = pending.length > 0 ? `; microblog-tui --migrate runs the ${pending.length} pending` : '';
		const verb = result.recorded.length + result.forgotten.length === 0 ? 'already at' : 'is now at';
		print(`${location.display} ${verb} ${current ?? 'base'}${next}`);
		return 0;
	});
}
