import type {StepFn} from '../source/db/migration-context.js';

// Keyset pagination walks these: the feed by (timestamp, id), a profile by (user_id, timestamp, id).
export const up: StepFn = async ({context: {queryInterface, transaction}}) => {
	await queryInterface.addIndex('post', ['timestamp', 'id'], {name: 'ix_post_timestamp_id', transaction});
	await queryInterface.addIndex('post', ['user_id', 'timestamp', 'id'], {name: 'ix_post_user_id_timestamp_id', transaction});
};

export const down: StepFn = async ({context: {queryInterface, transaction}}) => {
	await queryInterface.removeIndex('post', 'ix_post_user_id_timestamp_id', {transaction});
	await queryInterface.removeIndex('post', 'ix_post_timestamp_id', {transaction});
};
