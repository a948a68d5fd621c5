// `npm run migration:new -- --name NAME [--autogenerate]`: writes the next numbered migration in migrations/.
import path from 'node:path';
import {parseArgs} from 'node:util';
import {newMigration, undetectable} from '../source/db/autogenerate.js';
import {UsageError, UserError} from '../source/errors.js';

const usage = 'usage: npm run migration:new -- --name NAME [--autogenerate]';

async function main(): Promise<number> {
	let values: {name?: string; autogenerate?: boolean; help?: boolean};
	try {
		({values} = parseArgs({
			options: {name: {type: 'string'}, autogenerate: {type: 'boolean', default: false}, help: {type: 'boolean', default: false}},
			allowPositionals: false,
		}));
	} catch (error) {
		throw new UsageError(`${(error as Error).message.split('\n')[0]}\n${usage}`);
	}
	if (values.help) {
		console.log(usage);
		return 0;
	}
	if (values.name === undefined) {
		throw new UsageError(`--name is required\n${usage}`);
	}
	const command = `npm run migration:new -- --name ${values.name}${values.autogenerate ? ' --autogenerate' : ''}`;
	const {file, plan} = await newMigration(values.name, {autogenerate: Boolean(values.autogenerate), command});
	console.log(`wrote ${path.relative(process.cwd(), file) || file}`);
	if (plan) {
		for (const change of plan.changes) {
			console.log(`  ${change}`);
		}
		for (const warning of plan.warnings) {
			console.error(`warning: ${warning}`);
		}
		console.error(`note: ${undetectable}`);
	}
	return 0;
}

try {
	process.exitCode = await main();
} catch (error) {
	if (error instanceof UserError) {
		console.error(`migration:new: ${error.message}`);
		process.exitCode = error.exitCode;
	} else {
		throw error;
	}
}
