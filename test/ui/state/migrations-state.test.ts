import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {upgrade} from '../../../source/db/migrator.js';
import type {MigrationsScreen} from '../../../source/ui/migrations/migrations-screen.js';
import {MigrationsState} from '../../../source/ui/state/migrations-state.js';
import {Navigation} from '../../../source/ui/state/navigation.js';
import {SqlPaneState} from '../../../source/ui/state/sql-pane-state.js';
import {freshDatabase} from '../../helpers/database.js';
import {pressEach, sliceContext, until} from './slice-context.js';

/** A database one migration below head: the Migrations view has something to apply. */
const {database} = await freshDatabase();
await upgrade(database, '0004-post-timestamp-utc');

function makeMigrations() {
	const {context} = sliceContext(database);
	const seen = {reloads: 0, behind: 0};
	const state: {migrations?: MigrationsState} = {};
	const navigation = new Navigation({
		left: entry => entry.kind === 'migrations' && state.migrations?.closed(entry.screen),
		quit: () => undefined,
	});
	const pane = new SqlPaneState({height: 30, width: 100}, () => undefined);
	const migrations = new MigrationsState(context, navigation, pane, {reloadAll: () => seen.reloads++, onSchemaBehind: () => seen.behind++});
	state.migrations = migrations;
	const screen = () => {
		const view = navigation.view;
		return view.kind === 'migrations' ? view.screen : undefined;
	};
	const taken: boolean[] = [];
	const press = (...keys: string[]) => pressEach(name => taken.push(migrations.handleViewKey(screen()!, name)), ...keys);
	return {migrations, navigation, context, seen, screen, press, taken};
}

describe('the migrations slice', () => {
	it('opens the view once with m, and holds the reading keys while the schema is below head', async () => {
		const {migrations, navigation, context, screen, press, taken} = makeMigrations();
		assert.equal(migrations.handleGlobalKey('m'), true);
		migrations.handleGlobalKey('m');
		assert.equal(navigation.stack.length, 2, 'one Migrations view');
		const view: MigrationsScreen = await until(() => screen()?.status && screen(), 'the migrations read');
		assert.equal(view.behind, true);
		press('c');
		assert.deepEqual(context.messages.current, {
			text: 'the schema is below head, so the views cannot read it: u on the last migration upgrades, Esc leaves',
			tone: 'info',
		});
		press('?', 'escape');
		assert.deepEqual(taken, [true, false, false], '? and Esc go to the global keys');
	});

	it('upgrades with u on the last migration: the lists read again', async () => {
		const {migrations, navigation, seen, screen, press} = makeMigrations();
		migrations.open();
		await until(() => screen()?.status, 'the migrations read');
		press('G', 'u');
		assert.equal(migrations.migrating, true, 'nothing reads while it runs');
		assert.equal(migrations.schemaUnreadable, true);
		await until(() => !migrations.migrating, 'the run');
		assert.equal(migrations.schemaBehind, false);
		assert.equal(seen.reloads, 1);
		navigation.pop();
		assert.equal(seen.behind, 0, 'left at head: nothing pending to show');
	});

	it('at head again from outside the view, every list reads again', () => {
		const {migrations, seen} = makeMigrations();
		migrations.schemaBehind = true;
		migrations.atHead();
		assert.equal(migrations.schemaUnreadable, false);
		assert.equal(seen.reloads, 1);
	});
});
