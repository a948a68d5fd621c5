import type {Database} from '../db/connection.js';
import {loaded} from '../db/deferred-database.js';
import {bodyLength, maxBodyLength, normaliseBody} from '../db/models/post-rules.js';
import {timeKeyOf} from '../db/stored-time.js';
import {UserError} from '../errors.js';
import type {PostRow} from './feed-pages.js';
import {asUserError} from './store-errors.js';

/** Why a draft cannot be posted, or undefined when it can. */
export function bodyProblem(body: string): string | undefined {
	const length = bodyLength(normaliseBody(body));
	if (length === 0) {
		return 'a post cannot be empty';
	}
	if (length > maxBodyLength) {
		return `a post is at most ${maxBodyLength} characters (this one has ${length})`;
	}
	return undefined;
}

/** Who writes a post: the signed-in account, whose username the new row shows. */
export type PostAuthor = {readonly id: number; readonly username: string};

/** Gets the database ready for the post about to be written (a connection opened ahead), in the background. */
export function prepareToPost(database: Database): void {
	void Promise.all([import('../db/connection.js'), loaded(database)]).then(
		([{openWriterAhead}, withModels]) => openWriterAhead(withModels),
		// A database that cannot load says so when the post is written.
		() => undefined,
	);
}

/** What a write needs, imported when it is first made (see source/db/deferred-database.ts). */
async function writeModules(database: Database) {
	const [{Post}, {withWriteTransaction}, {nameSender}, {ForeignKeyConstraintError}, withModels] = await Promise.all([
		import('../db/models/index.js'),
		import('../db/write-transaction.js'),
		import('../db/change-signal.js'),
		import('sequelize'),
		loaded(database),
	]);
	return {Post, withWriteTransaction, nameSender, ForeignKeyConstraintError, database: withModels};
}

/** Writes a post in one IMMEDIATE transaction; the author must exist (the foreign key says so). */
export async function composePost(database: Database, author: PostAuthor, body: string): Promise<PostRow> {
	const problem = bodyProblem(body);
	if (problem) {
		throw new UserError(problem);
	}
	const {Post, withWriteTransaction, nameSender, ForeignKeyConstraintError, database: withModels} = await writeModules(database);
	try {
		return await withWriteTransaction(withModels, async transaction => {
			// Before the INSERT, whose trigger's NOTIFY names us, so that our own listener skips the echo.
			await nameSender(withModels, transaction);
			// No read of the author first: the foreign key refuses a post of a deleted account in the
			// same statement, and a round trip fewer is a frame sooner (compose is a timed figure).
			const post = await Post.create({body, user_id: author.id}, {transaction});
			return {
				id: post.id,
				body: post.body,
				timestamp: post.timestamp,
				// What migration 0004's trigger stores on SQLite, and PostgreSQL's microseconds: the Date has milliseconds only.
				timeKey: timeKeyOf(post.timestamp),
				userId: author.id,
				username: author.username,
			};
		});
	} catch (error) {
		if (error instanceof ForeignKeyConstraintError) {
			throw new UserError('your account no longer exists; sign in again');
		}
		throw await asUserError(error, database.location);
	}
}

/** Deletes a post of `userId`'s own; anyone else's is refused with the reason. */
export async function deletePost(database: Database, userId: number, postId: number): Promise<void> {
	const {Post, withWriteTransaction, nameSender, database: withModels} = await writeModules(database);
	try {
		await withWriteTransaction(withModels, async transaction => {
			// Before the DELETE, whose trigger's NOTIFY names us (see composePost).
			await nameSender(withModels, transaction);
			const post = await Post.findByPk(postId, {transaction, attributes: ['id', 'user_id']});
			if (!post) {
				throw new UserError('that post no longer exists');
			}
			if (post.user_id !== userId) {
				throw new UserError('you can only delete your own posts');
			}
			await post.destroy({transaction});
		});
	} catch (error) {
		throw await asUserError(error, database.location);
	}
}
