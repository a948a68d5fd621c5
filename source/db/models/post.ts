import {inspect} from 'node:util';
import {DataTypes, Model} from 'sequelize';
import {placeholders} from '../../text/placeholders.js';
import {modelLabel} from './model-label.js';
import type {
	Association,
	BelongsToGetAssociationMixin,
	BelongsToSetAssociationMixin,
	CreationOptional,
	ForeignKey,
	InferAttributes,
	InferCreationAttributes,
	NonAttribute,
	Sequelize,
} from 'sequelize';
import {bodyLength, maxBodyLength, normaliseBody} from './post-rules.js';
import type {User} from './user.js';

export {bodyLength, maxBodyLength, normaliseBody} from './post-rules.js';


export class Post extends Model<InferAttributes<Post, {omit: 'author'}>, InferCreationAttributes<Post, {omit: 'author'}>> {
	declare id: CreationOptional<number>;
	declare body: string;
	declare timestamp: CreationOptional<Date>;
	declare user_id: ForeignKey<User['id']>;

	declare author?: NonAttribute<User>;
	declare getAuthor: BelongsToGetAssociationMixin<User>;
	declare setAuthor: BelongsToSetAssociationMixin<User, number>;

	declare static associations: {author: Association<Post, User>};

	/** `<Post …>` in the shell and console.log; toJSON() still gives the data. */
	[inspect.custom](): string {
		return modelLabel('Post', this.getDataValue('body'), this.getDataValue('id'), placeholders.body);
	}

	static initModel(sequelize: Sequelize): void {
		Post.init(
			{
				id: {type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false},
				body: {
					type: DataTypes.STRING(maxBodyLength),
					allowNull: false,
					set(value: unknown) {
						// Stored trimmed, so the 1..140 rule holds for what is actually kept; without NUL, which PostgreSQL cannot store.
						this.setDataValue('body', typeof value === 'string' ? normaliseBody(value) : (value as string));
					},
					validate: {
						lengthAfterTrim(value: unknown) {
							const length = typeof value === 'string' ? bodyLength(value.trim()) : 0;
							if (length === 0) {
								throw new Error('a post cannot be empty');
							}
							if (length > maxBodyLength) {
								throw new Error(`a post is at most ${maxBodyLength} characters (this one has ${length})`);
							}
						},
					},
				},
				timestamp: {type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW},
			},
			{
				sequelize,
				tableName: 'post',
				modelName: 'Post',
				timestamps: false,
				indexes: [
					{name: 'ix_post_timestamp', fields: ['timestamp']},
					{name: 'ix_post_timestamp_id', fields: ['timestamp', 'id']},
					{name: 'ix_post_user_id_timestamp_id', fields: ['user_id', 'timestamp', 'id']},
				],
			},
		);
	}
}
