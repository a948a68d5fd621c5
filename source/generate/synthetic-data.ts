/**
 * Deterministic synthetic users and posts: the same seed gives the same
 * database, so benchmark runs compare like with like.
 */

/** mulberry32: tiny, fast, good enough for test data. */
export function randomSource(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const firstNames = [
	'ana', 'ben', 'carla', 'dev', 'elif', 'femi', 'greta', 'hiro', 'ines', 'jonas', 'kofi', 'lena', 'mateo', 'nadia',
	'omar', 'priya', 'quinn', 'rosa', 'sven', 'tariq', 'uma', 'vera', 'wei', 'ximena', 'yusuf', 'zoe', 'chloé', 'søren',
];
const lastNames = [
	'silva', 'okafor', 'tanaka', 'muller', 'novak', 'haddad', 'kowalski', 'rossi', 'garcia', 'nguyen', 'larsen', 'patel',
	'kim', 'dubois', 'ivanova', 'mensah', 'costa', 'berg', 'sato', 'fischer',
];
const words = (
	'the a of to and in is it you that was for on are with as at be this have from or one had by but not what all ' +
	'were when we there can an your which their said if do will each about how up out them then she many some so ' +
	'these would other into has more her two like him see time could no make than first been its who now people my ' +
	'made over did down only way find use may water long little very after words called just where most know get ' +
	'through back much before go good new write our used me man too any day same right look think also around another ' +
	'came come work three word must because does part even place well such here take why things help put years ' +
	'different away again off went old number great tell men say small every found still between name should home ' +
	'big give air line set own under read last never us left end along while might next sound below saw something ' +
	'thought both few those always looked show large often together asked house world going want school important ' +
	'until form food keep children feet land side without boy once animals life enough took sometimes four head above ' +
	'kind began almost live page got earth need far hand high year mother light parts country father let night ' +
	'database migration terminal keyboard coffee deploy review query index schema commit branch merge release'
).split(' ');
const extras = ['🎉', '☕', '🚀', '😀', '👍🏽', '🐛', '✨', '👨‍💻', '🌧️', '📚', '東京', 'café', 'naïve', 'Ελλάδα', 'привет', 'مرحبا', 'ñandú'];

export type SyntheticUser = {username: string; email: string};

/** Unique by construction: the sequence number is part of the name. */
export function syntheticUser(sequence: number, random: () => number): SyntheticUser {
	const first = firstNames[Math.floor(random() * firstNames.length)]!;
	const last = lastNames[Math.floor(random() * lastNames.length)]!;
	const ascii = first.normalize('NFD').replace(/[^a-z]/g, '');
	const username = `${ascii}.${last}${sequence}`;
	return {username, email: `${username}@example.org`};
}

const extraLengths = extras.map(extra => [...extra].length);

/** 1..140 code points, mostly short, sometimes with emoji or non-Latin text. */
export function syntheticBody(random: () => number): string {
	// Skewed towards short posts, as real ones are.
	const target = 8 + Math.floor(random() * random() * 130);
	const pieces: string[] = [];
	let length = -1;
	while (length < target) {
		let next: string;
		let nextLength: number;
		if (random() < 0.06) {
			const index = Math.floor(random() * extras.length);
			next = extras[index]!;
			nextLength = extraLengths[index]!;
		} else {
			next = words[Math.floor(random() * words.length)]!;
			nextLength = next.length;
			if (pieces.length === 0) {
				next = next[0]!.toUpperCase() + next.slice(1);
			}
		}
		if (length + 1 + nextLength > 140) {
			break;
		}
		pieces.push(next);
		length += 1 + nextLength;
	}
	return pieces.length > 0 ? pieces.join(' ') : 'Hello';
}
