// What a remote account says of itself is untrusted: its name is one bounded
// line, its avatar and profile only http(s), and hearing from it again
// refreshes the row it has rather than making another.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestApp, query, type TestApp } from '../../support/app.js';
import { testEngine } from '../../support/test-database.js';
import { MAX_NAME, rememberRemoteActor } from '../../../src/domain/federation/remote-actors.js';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

describe(`remote actors (${testEngine})`, () => {
  test('a hostile name, avatar and profile are bounded, folded or dropped', async () => {
    const actor = await rememberRemoteActor(t.app.services, {
      uri: 'https://remote.example/users/mal',
      username: 'mal@evil',
      name: `  Mal\u202e\n\tlory ${'x'.repeat(500)}`,
      avatarUrl: 'javascript:alert(1)',
      profileUrl: 'data:text/html,<script>alert(1)</script>',
    });
    assert.equal(actor.handle, '@malevil@remote.example');
    assert.equal(actor.host, 'remote.example');
    assert.ok(actor.name!.startsWith('Mal lory x'));
    assert.equal([...actor.name!].length, MAX_NAME);
    assert.equal(actor.avatarUrl, null);
    assert.equal(actor.profileUrl, null);
  });

  test('acting again refreshes the same row', async () => {
    const uri = 'https://remote.example/users/ann';
    const first = await rememberRemoteActor(t.app.services, { uri, username: 'ann', name: 'Ann', avatarUrl: 'https://remote.example/a.png', profileUrl: 'https://remote.example/@ann' });
    const again = await rememberRemoteActor(t.app.services, { uri, username: 'ann', name: 'Ann B.', avatarUrl: null, profileUrl: 'https://remote.example/@ann' });
    assert.equal(again.id, first.id);
    assert.equal(again.name, 'Ann B.');
    assert.equal(again.avatarUrl, null);
    assert.deepEqual(await query(t.database, sql`SELECT handle FROM remote_actors WHERE uri = ${uri}`), [{ handle: '@ann@remote.example' }]);
  });
});
