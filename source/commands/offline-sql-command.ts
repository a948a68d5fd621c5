import type {Command} from '../cli-args.js';
import type {DatabaseLocation} from '../config.js';
import {migrationScript, scriptRange} from '../db/offline-sql.js';

type OfflineSqlCommand = Extract<Command, {kind: 'offline-sql'}>;

/** Like `alembic upgrade --sql`: only the engine of the location matters; nothing connects to it. */
export async function runOfflineSql(location: DatabaseLocation, command: OfflineSqlCommand): Promise<number> {
	const range = scriptRange(command.direction, {from: command.from, to: command.to});
	process.stdout.write(await migrationScript(range, location.dialect));
	return 0;
}
