import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Messages} from '../../../source/ui/state/messages.js';

describe('the messages slice', () => {
	it('says one message at a time, and a key clears it', () => {
		const messages = new Messages();
		messages.say('posted', 'info');
		assert.deepEqual(messages.current, {text: 'posted', tone: 'info'});
		messages.clear();
		assert.equal(messages.current, undefined);
	});

	it("takes a failed read's report away once the reads recover", () => {
		const messages = new Messages();
		messages.reportReadFailure('the database does not answer');
		assert.equal(messages.readFailing, true);
		assert.deepEqual(messages.current, {text: 'the database does not answer', tone: 'error'});
		messages.readsRecovered();
		assert.equal(messages.readFailing, false);
		assert.equal(messages.current, undefined);
	});

	it('keeps a message said after the report when the reads recover', () => {
		const messages = new Messages();
		messages.reportReadFailure('the database does not answer');
		messages.say('kept the post', 'info');
		messages.readsRecovered();
		assert.deepEqual(messages.current, {text: 'kept the post', tone: 'info'});
	});
});
