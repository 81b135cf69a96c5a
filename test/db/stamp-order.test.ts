// On PostgreSQL two transactions can commit in any order, so the cache
// stamps must commit in the order they are drawn: a process that has seen
// stamp N must never later meet a smaller one (docs/decisions/0014). Here one
// transaction takes its stamp and stays open while another writes; the
// other must wait, and a cached page must show both writes afterwards.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { api, postArticle, signUp } from '../support/api.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { testEngine } from '../support/test-database.js';

const skip = testEngine !== 'postgres' && 'SQLite has one writer at a time, so stamps commit in order by construction';

let t: TestApp;

before(async () => {
  if (skip) return;
  t = await createTestApp();
});

after(async () => {
  await t?.close();
});

test('a stamp drawn early by a transaction still open keeps later writers waiting until it commits', { skip }, async () => {
  const call = api(t.app);
  const token = await signUp(t.app, 'stamper');
  const first = (await postArticle(t.app, token, { title: 'Held open', description: 'before' })).slug as string;
  const second = (await postArticle(t.app, token, { title: 'Written meanwhile', description: 'before' })).slug as string;
  // Cached (the whole-article cache keeps a slug on its second miss).
  for (let i = 0; i < 3; i++) assert.equal((await call(`/articles/${first}`)).json().article.description, 'before');

  const holder = new pg.Client({ connectionString: t.config.databaseUrl });
  const other = new pg.Client({ connectionString: t.config.databaseUrl });
  await holder.connect();
  await other.connect();
  try {
    await holder.query('BEGIN');
    // Stamps are normally drawn as the transaction commits; IMMEDIATE draws them now, as a slow commit would.
    await holder.query('SET CONSTRAINTS ALL IMMEDIATE');
    await holder.query(`UPDATE articles SET description = 'held' WHERE slug = $1`, [first]);

    let otherDone = false;
    const otherWrite = other.query(`UPDATE articles SET description = 'meanwhile' WHERE slug = $1`, [second]).then(() => (otherDone = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(otherDone, false, 'the second writer waits for the first stamp to commit');
    // Meanwhile readers see neither write, and nothing is stamped past what is committed.
    assert.equal((await call(`/articles/${first}`)).json().article.description, 'before');

    await holder.query('COMMIT');
    await otherWrite;
    assert.equal((await call(`/articles/${second}`)).json().article.description, 'meanwhile');
    assert.equal((await call(`/articles/${first}`)).json().article.description, 'held', 'the earlier stamp is not skipped');
  } finally {
    await holder.end();
    await other.end();
  }
});
