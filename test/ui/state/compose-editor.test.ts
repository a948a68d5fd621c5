// sqlite-only: the editor reads and writes a temp file, not the database.
import assert from 'node:assert/strict';
import {chmodSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {AccountsState} from '../../../source/ui/state/accounts-state.js';
import {ComposeState} from '../../../source/ui/state/compose-state.js';
import type {ModalOf} from '../../../source/ui/state/modal.js';
import {editText} from '../../../source/ui/terminal/external-editor.js';
import {migratedDatabase} from '../../helpers/database.js';
import {tempDir} from '../../helpers/temp-dir.js';
import {addUser, fileState, pressEach, sliceContext} from './slice-context.js';

const {database} = await migratedDatabase();
const alice = await addUser('alice');

/** The compose slice with Ctrl-G running the real editor code; `env` is its environment, with a temp dir of its own. */
function makeCompose(env: NodeJS.ProcessEnv) {
	const {context} = sliceContext(database);
	const file = fileState(context);
	const accounts = new AccountsState(context, file, {openCompose: () => compose.open(), registered: () => undefined});
	const handedOver: string[] = [];
	const compose: ComposeState = new ComposeState(context, accounts, file, {
		posted: () => undefined,
		// No terminal in a test: the hand-over only records that it happened.
		editText: text => editText(text, {env, handOver: run => {
			handedOver.push('over');
			return run();
		}}),
	});
	accounts.account = alice;
	compose.handleGlobalKey('c');
	const press = (...keys: string[]) => {
		for (const key of keys) {
			// ctrl-g is a named key; pressEach would type its name.
			const handle = (name: string, text: string) => compose.handleModalKey(context.modal.current as ModalOf<'compose'>, name, text);
			if (key.startsWith('ctrl-')) {
				handle(key, '');
			} else {
				pressEach(handle, key);
			}
		}
	};
	return {compose, context, press, handedOver};
}

/** A shell script made executable in a temp dir: the editor. */
function script(directory: string, name: string, body: string): string {
	const file = path.join(directory, name);
	writeFileSync(file, `#!/bin/sh\n${body}\n`);
	chmodSync(file, 0o755);
	return file;
}

describe('Ctrl-G: the draft in $VISUAL / $EDITOR', () => {
	it('runs $EDITOR (with its arguments, split as git does) on the draft and reads the file back as the draft', () => {
		const directory = tempDir();
		const temp = tempDir();
		const editor = script(directory, 'append.sh', 'printf "%s\\nsecond line\\n" "$1" >> "$2"');
		const {compose, context, press, handedOver} = makeCompose({EDITOR: `${editor} ' and more'`, TMPDIR: temp, PATH: process.env.PATH});
		press('first', 'ctrl-g');
		assert.equal(compose.draft, 'first  and more second line');
		assert.deepEqual(handedOver, ['over']);
		assert.equal(context.modal.current?.kind, 'compose', 'still composing');
		assert.deepEqual(readdirSync(temp), [], 'the temp dir is removed');
	});

	it('$VISUAL before $EDITOR; python3 as the editor sees a 0600 file in a 0700 dir holding the draft and a newline', () => {
		const directory = tempDir();
		const temp = tempDir();
		const editor = path.join(directory, 'edit.py');
		writeFileSync(editor, [
			'import os, sys',
			'p = sys.argv[1]',
			'body = open(p).read()',
			"modes = '%o %o' % (os.stat(p).st_mode & 0o777, os.stat(os.path.dirname(p)).st_mode & 0o777)",
			"open(p, 'w').write(repr(body) + ' ' + modes + '\\n\\n')",
		].join('\n'));
		const {compose, press} = makeCompose({VISUAL: `python3 ${editor}`, EDITOR: 'false', TMPDIR: temp, PATH: process.env.PATH});
		press('café', 'ctrl-g');
		assert.equal(compose.draft, "'café\\n' 600 700");
	});

	it('an editor that fails leaves the draft unchanged and says so in one line', () => {
		const temp = tempDir();
		const {compose, context, press} = makeCompose({EDITOR: 'sh -c "exit 3"', TMPDIR: temp, PATH: process.env.PATH});
		press('kept', 'ctrl-g');
		assert.equal(compose.draft, 'kept');
		const modal = context.modal.current as ModalOf<'compose'>;
		assert.equal(modal.error, 'the editor (sh) exited with status 3: the draft is unchanged');
		assert.deepEqual(readdirSync(temp), []);
	});

	it('a missing editor leaves the draft unchanged and says so', () => {
		const temp = tempDir();
		const {compose, context, press} = makeCompose({EDITOR: 'no-such-editor-19', TMPDIR: temp, PATH: process.env.PATH});
		press('kept', 'ctrl-g');
		assert.equal(compose.draft, 'kept');
		assert.equal((context.modal.current as ModalOf<'compose'>).error, 'the editor (no-such-editor-19) was not found: set $VISUAL or $EDITOR; the draft is unchanged');
	});

	it('keeps what comes back to the draft\'s capacity, and says so', () => {
		const directory = tempDir();
		const editor = script(directory, 'long.sh', 'head -c 5000 /dev/zero | tr "\\0" x > "$1"');
		const {compose, context, press} = makeCompose({EDITOR: editor, TMPDIR: tempDir(), PATH: process.env.PATH});
		press('ctrl-g');
		assert.equal(compose.draft, 'x'.repeat(340));
		assert.equal((context.modal.current as ModalOf<'compose'>).error, 'the draft holds at most 340 characters: the rest was left out');
	});

	it('without a terminal (no editText) Ctrl-G says so', () => {
		const {context} = sliceContext(database);
		const file = fileState(context);
		const accounts = new AccountsState(context, file, {openCompose: () => compose.open(), registered: () => undefined});
		const compose: ComposeState = new ComposeState(context, accounts, file, {posted: () => undefined});
		accounts.account = alice;
		compose.handleGlobalKey('c');
		compose.handleModalKey(context.modal.current as ModalOf<'compose'>, 'ctrl-g', '');
		assert.equal((context.modal.current as ModalOf<'compose'>).error, 'Ctrl-G: no terminal to run the editor in');
	});
});
