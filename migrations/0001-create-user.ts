import {DataTypes} from 'sequelize';
import type {StepFn} from '../source/db/migration-context.js';

export const tables = ['user'];

export const up: StepFn = async ({context: {queryInterface, transaction}}) => {
	await queryInterface.createTable(
		'user',
		{
			id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false},
			username: {type: DataTypes.STRING(64), allowNull: false},
			email: {type: DataTypes.STRING(120), allowNull: false},
			password_hash: {type: DataTypes.STRING(128), allowNull: true},
		},
		{transaction},
	);
	await queryInterface.addIndex('user', ['username'], {name: 'ix_user_username', unique: true, transaction});
	await queryInterface.addIndex('user', ['email'], {name: 'ix_user_email', unique: true, transaction});
};

export const down: StepFn = async ({context: {queryInterface, transaction}}) => {
	await queryInterface.dropTable('user', {transaction});
};
