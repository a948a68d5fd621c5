import {Op, QueryTypes} from 'sequelize';
import type {StepFn} from '../source/db/migration-context.js';
import {demoPosts, demoUsernames} from './demo-data.js';

async function demoUserIds(
	context: Parameters<StepFn>[0]['context'],
): Promise<Map<string, number>> {
	const rows = await context.sequelize.query<{id: number; username: string}>(
		'SELECT id, username FROM "user" WHERE username IN (:names)',
		{type: QueryTypes.SELECT, replacements: {names: demoUsernames}, transaction: context.transaction},
	);
	return new Map(rows.map(row => [row.username, Number(row.id)]));
}

/** The table whose rows this seeder makes: when a downgrade drops it, the seeder is pending again. */
export const fills = ['post'];

export const up: StepFn = async ({context}) => {
	const ids = await demoUserIds(context);
	const rows = demoPosts(new Date()).flatMap(post => {
		const userId = ids.get(post.username);
		return userId === undefined ? [] : [{body: post.body, timestamp: post.timestamp, user_id: userId}];
	});
	await context.queryInterface.bulkInsert('post', rows, {transaction: context.transaction});
};

/** Removes every post by a demo user (the demo accounts are disposable), so the users can go next. */
export const down: StepFn = async ({context}) => {
	const ids = [...(await demoUserIds(context)).values()];
	await context.queryInterface.bulkDelete('post', {user_id: {[Op.in]: ids}}, {transaction: context.transaction});
};
