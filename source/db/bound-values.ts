import type {BindValue} from './reader.js';

/**
 * The values of one statement, collected as its SQL is assembled from fragments: `add` returns the
 * placeholder (`$1`, `$2`, …) to write where the value goes, and `values` is what the statement is
 * run with (Reader.select's `bind`). The same placeholders serve both engines.
 */
export class BoundValues {
	readonly values: BindValue[] = [];

	add(value: BindValue): string {
		this.values.push(value);
		return `$${this.values.length}`;
	}
}
