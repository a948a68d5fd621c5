import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {resolveDatabase} from '../../../source/config.js';
import {openDatabase} from '../../../source/db/connection.js';
import {LiveUpdates} from '../../../source/ui/state/live-updates-state.js';
import {migratedDatabase} from '../../helpers/database.js';
import {addUser, sliceContext, until} from './slice-context.js';

const {database, file} = await migratedDatabase();
const alice = await addUser('alice');

describe('the live updates slice', () => {
	it('tells the lists when another connection writes a post', async () => {
		const {context} = sliceContext(database);
		let updates = 0;
		const live = new LiveUpdates(context, {refreshMs: 25, paused: () => false, update: () => updates++});
		after(() => live.stop());
		// Another program's connection: its commit is what the watch notices (PRAGMA data_version, or NOTIFY).
		const other = await openDatabase(resolveDatabase(file), {mode: 'existing'});
		after(async () => other.close());
		await new Promise(resolve => setTimeout(resolve, 100));
		const before = updates;
		await other.sequelize.query('INSERT INTO post (body, timestamp, user_id) VALUES (?, ?, ?)', {replacements: ['from elsewhere', new Date().toISOString(), alice.id]});
		await until(() => updates > before, 'the update');
	});

	it('does nothing while paused (a migration, a replaced file) or after the app is gone', () => {
		const made = sliceContext(database);
		let paused = true;
		let updates = 0;
		const live = new LiveUpdates(made.context, {refreshMs: 0, paused: () => paused, update: () => updates++});
		live.postsChanged();
		assert.equal(updates, 0);
		paused = false;
		live.postsChanged();
		assert.equal(updates, 1);
		made.dispose();
		live.postsChanged();
		assert.equal(updates, 1);
		live.stop();
	});
});
