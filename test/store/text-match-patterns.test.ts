// runs once
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {caseVariants, findMatch, globPattern, likePattern, regexPattern} from '../../source/store/text-match.js';

describe('the patterns a needle becomes', () => {
	it('makes each letter the class of its one-letter case variants', () => {
		assert.deepEqual(caseVariants('é').sort(), ['É', 'é'].sort());
		assert.deepEqual(caseVariants('ß'), ['ß'], "ß's upper case is two letters: not a variant");
		assert.deepEqual(caseVariants('ẞ').sort(), ['ß', 'ẞ'].sort());
		assert.deepEqual(caseVariants('1'), ['1']);
		assert.equal(globPattern('Café'), '*[Cc][aA][fF][éÉ]*');
		assert.equal(regexPattern('Café'), '[Cc][aA][fF][éÉ]');
		assert.equal(likePattern('Café'), '%Caf_%');
	});

	it('writes GLOB, LIKE and regular-expression characters as themselves', () => {
		assert.equal(globPattern('*?[]'), '*[*][?][[]]*');
		assert.equal(likePattern('50%_\\'), '%50\\%\\_\\\\%');
		assert.equal(regexPattern('a.b*c(d)|\\'), '[aA]\\.[bB]\\*[cC]\\([dD]\\)\\|\\\\');
		assert.equal(findMatch('x a.b*c(d)|\\ y', 'A.B*C(D)|\\')?.start, 2);
		assert.equal(findMatch('axb', 'a.b'), undefined);
	});

	it('leaves out a NUL', () => {
		assert.equal(globPattern('a\u0000b'), '*[aA][bB]*');
		assert.equal(likePattern('a\u0000b'), '%ab%');
	});
});
