import {DataTypes, Sequelize} from 'sequelize';
import type {StepFn} from '../source/db/migration-context.js';

export const tables = ['post'];

export const up: StepFn = async ({context: {queryInterface, transaction, dialect}}) => {
	// The same text format Sequelize writes on SQLite, so every row sorts and parses alike.
	const now =
		dialect === 'sqlite'
			? Sequelize.literal("(strftime('%Y-%m-%d %H:%M:%f +00:00', 'now'))")
			: Sequelize.literal('CURRENT_TIMESTAMP');
	await queryInterface.createTable(
		'post',
		{
			id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false},
			body: {type: DataTypes.STRING(140), allowNull: false},
			timestamp: {type: DataTypes.DATE, allowNull: false, defaultValue: now},
			user_id: {
				type: DataTypes.INTEGER,
				allowNull: false,
				references: {model: 'user', key: 'id'},
				// No cascade: posts are never deleted or re-pointed as a side effect.
				onDelete: 'NO ACTION',
				onUpdate: 'NO ACTION',
			},
		},
		{transaction},
	);
	await queryInterface.addIndex('post', ['timestamp'], {name: 'ix_post_timestamp', transaction});
};

export const down: StepFn = async ({context: {queryInterface, transaction}}) => {
	await queryInterface.dropTable('post', {transaction});
};
