// sqlite-only: the SQL half is SQLite's (PostgreSQL parses times itself and keys them with to_char).
// One grammar for a stored time: the JavaScript reading (every view, --list) and migration 0004's SQL (the trigger
// that rewrites what other programs write) agree on every text, generated near the edges of the grammar, and run by
// the real SQLite: either both read the same instant to the microsecond, or neither reads it.
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import fc from 'fast-check';
import sqlite3 from 'sqlite3';
import {parseStoredTime, sqliteCanonicalNumber, sqliteCanonicalTime, timeKeyIso, timeKeyOf, timeKeyValue} from '../../source/db/stored-time.js';

const connection = new sqlite3.Database(':memory:');
after(() => new Promise<void>(resolve => connection.close(() => resolve())));

function canonicalInSql(expression: (value: string) => string, value: string | number): Promise<string | null> {
	return new Promise((resolve, reject) => {
		connection.get(`SELECT ${expression('t.v')} AS c FROM (SELECT ? AS v) AS t`, [value], (error: Error | null, row: {c: string | null}) => {
			if (error) {
				reject(error);
			} else {
				resolve(row.c);
			}
		});
	});
}

const digits = (length: number, max: number) => fc.integer({min: 0, max}).map(value => String(value).padStart(length, '0'));
const piece = <T>(common: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) => fc.oneof({weight: 4, arbitrary: common}, {weight: 1, arbitrary: odd});

/** Text near SQLite's date grammar: mostly valid, with each part sometimes out of range or malformed. */
const timeText = fc
	.record({
		lead: piece(fc.constant(''), fc.constantFrom(' ', '-', '+')),
		year: piece(digits(4, 9998).filter(year => Number(year) >= 1000), fc.constantFrom('999', '20261', '0000')),
		month: piece(digits(2, 12).filter(month => month !== '00'), fc.constantFrom('00', '13', '1', '99')),
		day: piece(digits(2, 31).filter(day => day !== '00'), fc.constantFrom('00', '32', '5', '31')),
		separator: fc.constantFrom('', ' ', 'T', '  ', 'T ', ' T', '\t', 't', '\u00a0', '_'),
		time: fc.option(
			fc.record({
				hour: piece(digits(2, 23), fc.constantFrom('24', '25', '7')),
				minute: piece(digits(2, 59), fc.constantFrom('60', '5')),
				second: fc.option(piece(digits(2, 59), fc.constantFrom('60', '5', '99')), {nil: undefined}),
				fraction: fc.option(fc.oneof(fc.stringMatching(/^[0-9]{1,9}$/), fc.constantFrom('', '12.34', '5x', '9999999')), {nil: undefined}),
			}),
			{nil: undefined},
		),
		zone: fc.constantFrom('', 'Z', 'z', ' Z', '+00:00', ' +00:00', '+05:30', '-08:00', '+14:00', '+15:00', '-03:60', '+05', '+0530', '+5:30', ' -05:00 ', 'X', 'UTC'),
		trail: fc.constantFrom('', ' ', '\n', ' x'),
	})
	.map(({lead, year, month, day, separator, time, zone, trail}) => {
		const clock = time === undefined ? '' : `${time.hour}:${time.minute}${time.second === undefined ? '' : `:${time.second}`}${time.second === undefined || time.fraction === undefined ? '' : `.${time.fraction}`}`;
		return `${lead}${year}-${month}-${day}${separator}${clock}${zone}${trail}`;
	});

describe('a stored time has one meaning', () => {
	it('JavaScript and SQLite read every generated text alike: the same instant to the microsecond, or none', async () => {
		await fc.assert(
			fc.asyncProperty(timeText, async text => {
				const inSql = await canonicalInSql(sqliteCanonicalTime, text);
				const inJs = timeKeyIso(text);
				// timeKeyIso gives the stored text back when it names no time.
				assert.equal(inJs, inSql === null ? text : `${inSql.replace(' ', 'T')}Z`, `for ${JSON.stringify(text)}`);
				assert.equal(Number.isNaN(parseStoredTime(text).getTime()), inSql === null, `validity of ${JSON.stringify(text)}`);
			}),
			{numRuns: 3000},
		);
	});

	it('reads the formats other programs write as UTC, in every process time zone', async () => {
		const original = process.env.TZ;
		try {
			for (const zone of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
				process.env.TZ = zone;
				for (const [text, iso] of [
					['2026-12-01 21:52:04.313377', '2026-12-01T21:52:04.313377Z'],
					['2026-12-01 21:52:04', '2026-12-01T21:52:04.000000Z'],
					['2026-12-01 21:52:04.313 +00:00', '2026-12-01T21:52:04.313000Z'],
					['2026-12-01T21:52:04Z', '2026-12-01T21:52:04.000000Z'],
					['2026-12-02T03:22:04.5+05:30', '2026-12-01T21:52:04.500000Z'],
					['0099-01-01 00:00:00', '0099-01-01T00:00:00.000000Z'],
				] as const) {
					assert.equal(timeKeyIso(text), iso, `${text} in ${zone}`);
					assert.equal(parseStoredTime(text).toISOString(), `${iso.slice(0, 23)}Z`, `${text} in ${zone}`);
					assert.equal(await canonicalInSql(sqliteCanonicalTime, text), iso.replace('T', ' ').replace('Z', ''));
				}
			}
		} finally {
			process.env.TZ = original;
		}
	});

	it('the key of a Date the app wrote is what SQLite makes of Sequelize\'s text for it', async () => {
		await fc.assert(
			fc.asyncProperty(fc.date({min: new Date('1000-01-01T00:00:00Z'), max: new Date('9998-12-31T23:59:59Z'), noInvalidDate: true}), async date => {
				const sequelizeText = `${date.toISOString().slice(0, 23).replace('T', ' ')} +00:00`;
				assert.equal(await canonicalInSql(sqliteCanonicalTime, sequelizeText), timeKeyOf(date));
			}),
			{numRuns: 500},
		);
	});

	it('numbers other programs store (unixepoch, Date.now(), julianday) become the same canonical text', async () => {
		const at = Date.UTC(2026, 11, 1, 21, 52, 4, 313);
		assert.equal(await canonicalInSql(sqliteCanonicalNumber, at / 1000), timeKeyOf(new Date(at)));
		assert.equal(await canonicalInSql(sqliteCanonicalNumber, at), timeKeyOf(new Date(at)));
		assert.equal(await canonicalInSql(sqliteCanonicalNumber, Math.floor(at / 1000)), timeKeyOf(new Date(Math.floor(at / 1000) * 1000)));
		assert.equal(await canonicalInSql(sqliteCanonicalNumber, 2_461_375.5), '2026-12-01 00:00:00.000000');
		assert.equal(await canonicalInSql(sqliteCanonicalNumber, -5), null);
		// A number left as it is keys as a number, so that a cursor on it compares as SQLite stored it.
		assert.equal(timeKeyValue('sqlite', '-5'), -5);
		assert.equal(timeKeyValue('sqlite', '2026-12-01 21:52:04.313000'), '2026-12-01 21:52:04.313000');
		assert.ok(Number.isNaN(parseStoredTime(-5 as unknown as string).getTime()));
	});
});
