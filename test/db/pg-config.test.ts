// runs once: builds connection settings, connects to nothing.
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {parsePostgresUrl} from '../../source/postgres-url.js';
import {pgClientConfig} from '../../source/db/pg-config.js';
import {tempDir} from '../helpers/temp-dir.js';

const ca = path.join(tempDir(), 'root.crt');
writeFileSync(ca, '-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----\n');

const ssl = (query: string) => pgClientConfig(parsePostgresUrl(`postgres://u:p@h/db${query}`)).ssl;
/** What the TLS settings ask of the server's certificate: nothing, the chain, or the chain and the host name. */
function verification(settings: ReturnType<typeof ssl>): string {
	if (settings === undefined || settings === false) {
		return 'no SSL';
	}
	if (settings === true) {
		return 'chain and name';
	}
	if (settings.rejectUnauthorized === false) {
		return 'nothing';
	}
	return settings.checkServerIdentity === undefined ? 'chain and name' : 'chain';
}

describe('sslmode and the TLS settings node-postgres gets (libpq\'s meanings)', () => {
	it('maps each mode', () => {
		assert.equal(verification(ssl('')), 'no SSL');
		assert.equal(verification(ssl('?sslmode=disable')), 'no SSL');
		assert.equal(verification(ssl('?sslmode=allow')), 'no SSL');
		assert.equal(verification(ssl('?sslmode=prefer')), 'nothing');
		assert.equal(verification(ssl('?sslmode=require')), 'nothing');
		assert.equal(verification(ssl(`?sslmode=require&sslrootcert=${ca}`)), 'chain');
		assert.equal(verification(ssl(`?sslmode=verify-ca&sslrootcert=${ca}`)), 'chain');
		assert.equal(verification(ssl('?sslmode=verify-full')), 'chain and name');
		assert.equal(verification(ssl('?ssl=true')), 'chain and name');
		assert.equal(verification(ssl('?ssl=0')), 'no SSL');
		const full = ssl(`?sslmode=verify-full&sslrootcert=${ca}`);
		assert.ok(typeof full === 'object' && String(full.ca).includes('BEGIN CERTIFICATE'), 'the root certificate is read');
	});

	it('refuses verify-ca without a root certificate, and a certificate file it cannot read, in one line', () => {
		assert.throws(() => ssl('?sslmode=verify-ca'), {name: 'UserError', message: /sslmode=verify-ca needs sslrootcert/});
		assert.throws(() => ssl('?sslmode=verify-full&sslrootcert=/nonexistent/root.crt'), {name: 'UserError', message: /cannot read the sslrootcert file .*ENOENT/});
	});

	it('passes host, port, database, user, password and the other parameters as settings', () => {
		const config = pgClientConfig(parsePostgresUrl('postgres://u@/db?host=/run/pg&port=5433&password=a%26b&application_name=x&options=-c%20search_path%3Dblog&connect_timeout=3'));
		assert.deepEqual(
			{host: config.host, port: config.port, database: config.database, user: config.user, password: config.password, app: config.application_name, options: config.options, timeout: config.connectionTimeoutMillis},
			{host: '/run/pg', port: 5433, database: 'db', user: 'u', password: 'a&b', app: 'x', options: '-c search_path=blog', timeout: 3000},
		);
	});
});
