// runs once
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {formatCount} from '../../source/ui/text/format.js';

describe('formatCount', () => {
	it('groups thousands with commas, as en-US does', () => {
		for (const value of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 1_234_567_890, -4321, 12.9]) {
			assert.equal(formatCount(value), new Intl.NumberFormat('en-US', {maximumFractionDigits: 0, roundingMode: 'trunc'} as Intl.NumberFormatOptions).format(value), String(value));
		}
	});
});
