import {inspect} from 'node:util';
import {DataTypes, Model, col, fn} from 'sequelize';
import {placeholders} from '../../text/placeholders.js';
import {modelLabel} from './model-label.js';
import type {
	Association,
	CreationOptional,
	HasManyCountAssociationsMixin,
	HasManyCreateAssociationMixin,
	HasManyGetAssociationsMixin,
	InferAttributes,
	InferCreationAttributes,
	NonAttribute,
	Sequelize,
} from 'sequelize';
import type {Post} from './post.js';
import {maxEmailLength, usernamePattern} from './user-rules.js';

export {maxEmailLength, usernamePattern} from './user-rules.js';


export class User extends Model<InferAttributes<User, {omit: 'posts'}>, InferCreationAttributes<User, {omit: 'posts'}>> {
	declare id: CreationOptional<number>;
	declare username: string;
	declare email: string;
	declare password_hash: CreationOptional<string | null>;

	declare posts?: NonAttribute<Post[]>;
	declare getPosts: HasManyGetAssociationsMixin<Post>;
	declare countPosts: HasManyCountAssociationsMixin;
	declare createPost: HasManyCreateAssociationMixin<Post, 'user_id'>;

	declare static associations: {posts: Association<User, Post>};

	/** `<User …>` in the shell and console.log; toJSON() still gives the data. */
	[inspect.custom](): string {
		return modelLabel('User', this.getDataValue('username'), this.getDataValue('id'), placeholders.username);
	}

	static initModel(sequelize: Sequelize): void {
		User.init(
			{
				id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false},
				username: {
					type: DataTypes.STRING(64),
					allowNull: false,
					validate: {is: {args: usernamePattern, msg: 'username must be 1-64 letters, digits, _ . or -'}},
				},
				email: {
					type: DataTypes.STRING(maxEmailLength),
					allowNull: false,
					validate: {
						isEmail: {msg: 'email is not a valid address'},
						len: {args: [3, maxEmailLength], msg: `email must be at most ${maxEmailLength} characters`},
					},
				},
				password_hash: {type: DataTypes.STRING(128), allowNull: true},
			},
			{
				sequelize,
				tableName: 'user',
				modelName: 'User',
				timestamps: false,
				indexes: [
					{name: 'ix_user_username', unique: true, fields: ['username']},
					{name: 'ix_user_email', unique: true, fields: ['email']},
					// Unique regardless of case (migration 0006); sign-in looks a name up through the first.
					{name: 'ix_user_username_lower', unique: true, fields: [fn('lower', col('username'))]},
					{name: 'ix_user_email_lower', unique: true, fields: [fn('lower', col('email'))]},
				],
			},
		);
	}
}
