import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after} from 'node:test';

/** A fresh directory under the system temp dir, removed when the test file ends. */
export function tempDir(prefix = 'microblog-test-'): string {
	const directory = mkdtempSync(path.join(tmpdir(), prefix));
	after(() => {
		rmSync(directory, {recursive: true, force: true});
	});
	return directory;
}
