// runs once: checks hashes, touches no database.
// Werkzeug's password hashes (the Flask Mega-Tutorial's User.set_password), verified by source/store/werkzeug-hash.ts.
// The vectors were made by Werkzeug itself: 3.1.8 (scrypt, the default since 3.0, and pbkdf2 with its 1,000,000
// iterations) and Debian 12's 2.2.2 (pbkdf2:sha256 with 260,000), with generate_password_hash; test/flask-tutorial/
// makes fresh ones with the installed Werkzeug on every run.
import assert from 'node:assert/strict';
import {createHook} from 'node:async_hooks';
import {describe, it} from 'node:test';
import {maxPbkdf2Iterations, parseWerkzeugHash, verifyWerkzeugHash} from '../../source/store/werkzeug-hash.js';
import {verifyPassword} from '../../source/store/password.js';

const password = 'correct horse battery';

const vectors: Array<[string, string, string]> = [
	// [what, password, generate_password_hash's result]
	['Werkzeug 3.1 default (scrypt:32768:8:1)', password, 'scrypt:32768:8:1$qPUviscJAjQNo2Cg$a050e660b2a4a49be422cf5632982c176741f1067218e63ee2e1ae86026712ba20c0a87c3c029f129cd88cdce8e7521558cb420d6bd0cce0939e35ce08344a59'],
	['Werkzeug 3.1 pbkdf2:sha256 (1,000,000)', password, 'pbkdf2:sha256:1000000$l8RypWOp2X4rIAim$268b640c3f99e9d8a3381d6c158ab9b84fb7ce4d9cf5e378116ecaad9b97c369'],
	['Werkzeug 3.1 pbkdf2:sha512:600000', password, 'pbkdf2:sha512:600000$MXKiLErn5Jg6xIgX$17df8c301a5925ad32d65f689754dc9912f5d374c71221017a204b01a96bdcf67041506f7853d442ccd83dc530c60fc361793bd388f2f8eb28f6a68826dcbbce'],
	['Werkzeug 3.1 scrypt:1024:8:1', password, 'scrypt:1024:8:1$bXO3Hq2doTqJwPIy$18ac1c56307d2e20d2729f9f92d704a0e3fa7a79c4a84ec61eb08194e85a348758b8853baef26085235c0f0330a80e482a595f1a36631a8c12a7d449470dd72f'],
	['Werkzeug 2.2 default (pbkdf2:sha256:260000)', password, 'pbkdf2:sha256:260000$fd3xQEo6E3Widpnm$f97c87b4c88d27eb66bca5691367dff5499badedd0e17e91c25e4503a7577100'],
	['Werkzeug 2.2 pbkdf2:sha512', password, 'pbkdf2:sha512:260000$c046agq6UKIsDLGw$1b513c8d0fe765dabc622bc83376c527af3faea3e9821059721c5ae91146dc2a577563de601feb7d6d78688c95eaaff6a69eaacdaad4ffba569049bfbf23c6d6'],
	['a non-ASCII password, as UTF-8', 'pässwörd ✓ 密码', 'pbkdf2:sha256:1000$Pl0FpRDqIA7L58I9$cd52a0e7b037330d67276cc142a4fe605c48b0224a6ffb389521bae47c8b4c52'],
];

/** How many KDF runs `work` started: each pbkdf2/scrypt call is an async resource of its own in node:crypto. */
async function derivations<T>(work: () => Promise<T>): Promise<{calls: number; result: T}> {
	let calls = 0;
	const hook = createHook({
		init(_id, type) {
			if (type === 'SCRYPTREQUEST' || type === 'PBKDF2REQUEST') {
				calls++;
			}
		},
	});
	hook.enable();
	try {
		const result = await work();
		return {calls, result};
	} finally {
		hook.disable();
	}
}

describe("Werkzeug's password hashes", () => {
	for (const [what, secret, hash] of vectors) {
		it(`${what}: the right password matches, a wrong one does not (both through verifyPassword)`, async () => {
			const right = await derivations(async () => verifyPassword(secret, hash));
			assert.deepEqual(right, {calls: 1, result: true});
			assert.equal(await verifyPassword(`${secret}x`, hash), false);
		});
	}

	it('the password is used as typed, not normalised (as Werkzeug does): the NFD form of a password does not match its NFC hash', async () => {
		const nfc = vectors.at(-1)!;
		assert.equal(await verifyWerkzeugHash(nfc[1].normalize('NFD'), nfc[2]), false);
	});

	it('refuses, without deriving anything, hashes over the cost limits, other methods and malformed ones', async () => {
		const hex64 = 'ab'.repeat(32);
		const hex128 = 'ab'.repeat(64);
		const refused = [
			`pbkdf2:sha256:${maxPbkdf2Iterations + 1}$saltsaltsaltsalt$${hex64}`,
			`pbkdf2:sha512:99999999$saltsaltsaltsalt$${hex128}`,
			`pbkdf2:sha256:0$saltsaltsaltsalt$${hex64}`,
			// scrypt over 2× our own cost (ln=17, r=8, p=1): n 2^19 and r 8 is 4×; n 2^17, r 16, p 2 is 4×.
			`scrypt:524288:8:1$saltsaltsaltsalt$${hex128}`,
			`scrypt:131072:16:2$saltsaltsaltsalt$${hex128}`,
			`scrypt:1000:8:1$saltsaltsaltsalt$${hex128}`,
			`pbkdf2:sha256$saltsaltsaltsalt$${hex64}`,
			`pbkdf2:md5:1000$saltsaltsaltsalt$${'ab'.repeat(16)}`,
			`pbkdf2:sha256:1000$saltsaltsaltsalt$${hex64.slice(2)}`,
			`pbkdf2:sha256:1000$saltsaltsaltsalt$${hex64.toUpperCase()}`,
			`pbkdf2:sha256:1000$$${hex64}`,
			`scrypt:1024:8:1$saltsaltsaltsalt$${hex64}`,
			`sha256$saltsaltsaltsalt$${hex64}`,
			`plain$$${password}`,
		];
		for (const hash of refused) {
			assert.equal(parseWerkzeugHash(hash), undefined, hash);
			const {calls, result} = await derivations(async () => verifyPassword(password, hash));
			assert.equal(result, false, hash);
			assert.equal(calls, 0, `${hash}: refused without deriving anything`);
		}
	});

	it('accepts the limits themselves: 2,000,000 iterations, scrypt at twice our cost', () => {
		assert.equal(maxPbkdf2Iterations, 2_000_000);
		assert.equal(parseWerkzeugHash(`pbkdf2:sha512:2000000$saltsaltsaltsalt$${'ab'.repeat(64)}`)?.kind, 'pbkdf2');
		assert.equal(parseWerkzeugHash(`scrypt:262144:8:1$saltsaltsaltsalt$${'ab'.repeat(64)}`)?.kind, 'scrypt');
	});
});
