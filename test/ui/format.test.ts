// runs once
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {ageText, formatCount} from '../../source/ui/text/format.js';

describe('formatCount', () => {
	it('groups thousands with commas, as en-US does', () => {
		for (const value of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 1_234_567_890, -4321, 12.9]) {
			assert.equal(formatCount(value), new Intl.NumberFormat('en-US', {maximumFractionDigits: 0, roundingMode: 'trunc'} as Intl.NumberFormatOptions).format(value), String(value));
		}
	});
});

describe('ageText', () => {
	it('reads as a sentence: just now, 3h ago; a missing or unreadable time alone', () => {
		const now = new Date('2026-12-01T12:00:00Z');
		assert.equal(ageText(new Date('2026-12-01T11:59:58Z'), now), 'just now');
		assert.equal(ageText(new Date('2026-12-01T09:00:00Z'), now), '3h ago');
		assert.equal(ageText(undefined, now), '—');
		assert.equal(ageText(new Date(Number.NaN), now), '?');
	});
});
