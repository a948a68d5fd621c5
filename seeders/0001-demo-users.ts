import {Op} from 'sequelize';
import type {StepFn} from '../source/db/migration-context.js';
import {hashPassword} from '../source/store/password.js';
import {demoPassword, demoUsers, demoUsernames} from './demo-data.js';

/** The table whose rows this seeder makes: when a downgrade drops it, the seeder is pending again. */
export const fills = ['user'];

export const up: StepFn = async ({context: {queryInterface, transaction}}) => {
	// scrypt takes ~0.7 s: hash once and share it, never once per user.
	const passwordHash = await hashPassword(demoPassword);
	await queryInterface.bulkInsert(
		'user',
		demoUsers.map(user => ({username: user.username, email: user.email, password_hash: passwordHash})),
		{transaction},
	);
};

export const down: StepFn = async ({context: {queryInterface, transaction}}) => {
	await queryInterface.bulkDelete('user', {username: {[Op.in]: demoUsernames}}, {transaction});
};
