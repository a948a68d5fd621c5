import type {Database} from '../db/connection.js';
import {Post, User, bodyLength, maxBodyLength, normaliseBody} from '../db/models/index.js';
import {signalChange} from '../db/change-signal.js';
import {withWriteTransaction} from '../db/write-transaction.js';
import {UserError} from '../errors.js';
import type {PostRow} from './feed-query.js';
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

/** Writes a post in one IMMEDIATE transaction; the author must exist. */
export async function composePost(database: Database, userId: number, body: string): Promise<PostRow> {
	const problem = bodyProblem(body);
	if (problem) {
		throw new UserError(problem);
	}
	try {
		return await withWriteTransaction(database, async transaction => {
			const author = await User.findByPk(userId, {transaction, attributes: ['id', 'username']});
			if (!author) {
				throw new UserError('your account no longer exists; sign in again');
			}
			const post = await Post.create({body, user_id: userId}, {transaction});
			await signalChange(database, transaction);
			return {
				id: post.id,
				body: post.body,
				timestamp: post.timestamp,
				userId,
				username: author.username,
			};
		});
	} catch (error) {
		throw asUserError(error);
	}
}

/** Deletes a post of `userId`'s own; anyone else's is refused with the reason. */
export async function deletePost(database: Database, userId: number, postId: number): Promise<void> {
	await withWriteTransaction(database, async transaction => {
		const post = await Post.findByPk(postId, {transaction, attributes: ['id', 'user_id']});
		if (!post) {
			throw new UserError('that post no longer exists');
		}
		if (post.user_id !== userId) {
			throw new UserError('you can only delete your own posts');
		}
		await post.destroy({transaction});
		await signalChange(database, transaction);
	});
}
