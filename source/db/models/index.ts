import type {Sequelize} from 'sequelize';
import {Post} from './post.js';
import {User} from './user.js';

export {Post, maxBodyLength, bodyLength, normaliseBody} from './post.js';
export {User, usernamePattern, maxEmailLength} from './user.js';

/**
 * Binds the model classes to one connection. The classes are module-level
 * (Sequelize's typed style), so a process works with one database at a time.
 */
export function initModels(sequelize: Sequelize): {User: typeof User; Post: typeof Post} {
	User.initModel(sequelize);
	Post.initModel(sequelize);
	// No cascade: deleting a user never deletes posts as a side effect.
	User.hasMany(Post, {as: 'posts', foreignKey: {name: 'user_id', allowNull: false}, onDelete: 'NO ACTION', onUpdate: 'NO ACTION'});
	Post.belongsTo(User, {as: 'author', foreignKey: {name: 'user_id', allowNull: false}, onDelete: 'NO ACTION', onUpdate: 'NO ACTION'});
	return {User, Post};
}
