// Reports: any signed-in reader reports an article, a comment or a user with a
// reason and an optional note; one open report per reader and target; a limit
// an hour, counted in the database; moderators list them and act on them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { REPORTS_PER_HOUR } from '../../src/domain/moderation/reports.js';
import { api, ISO_DATE, postArticle, signUp } from '../support/api.js';
import { createTestApp, execute, secondInstance, type TestApp } from '../support/app.js';
import { giveRole } from '../support/roles.js';

let t: TestApp;
let call: ReturnType<typeof api>;
let writer: string;
let reader: string;
let moderator: string;
let slug: string;
let commentId: number;

before(async () => {
  t = await createTestApp();
  call = api(t.app);
  writer = await signUp(t.app, 'writer');
  reader = await signUp(t.app, 'reader');
  moderator = await signUp(t.app, 'mod');
  await giveRole(t, 'mod', 'moderator');
  slug = (await postArticle(t.app, writer, { title: 'Questionable' })).slug;
  commentId = (await call(`/articles/${slug}/comments`, { method: 'POST', token: writer, body: { comment: { body: 'Buy my pills' } } })).json().comment.id;
});
after(() => t.close());

describe('filing a report', () => {
  test('an article: 201 with the report', async () => {
    const res = await call(`/articles/${slug}/report`, { method: 'POST', token: reader, body: { report: { reason: 'spam', note: 'Sells pills' } } });
    assert.equal(res.statusCode, 201, res.body);
    const { report } = res.json();
    assert.deepEqual({ ...report, id: 0, createdAt: '' }, { id: 0, target: { type: 'article', slug }, reason: 'spam', note: 'Sells pills', reporter: 'reader', createdAt: '', status: 'open' });
    assert.match(report.createdAt, ISO_DATE);
  });

  test('a comment and a user, the note optional', async () => {
    const comment = await call(`/articles/${slug}/comments/${commentId}/report`, { method: 'POST', token: reader, body: { report: { reason: 'harassment' } } });
    assert.equal(comment.statusCode, 201, comment.body);
    assert.deepEqual(comment.json().report.target, { type: 'comment', id: commentId });
    assert.equal(comment.json().report.note, '');
    const user = await call('/profiles/writer/report', { method: 'POST', token: reader, body: { report: { reason: 'other', note: 'Spam account' } } });
    assert.equal(user.statusCode, 201, user.body);
    assert.deepEqual(user.json().report.target, { type: 'user', username: 'writer' });
  });

  test('a second open report on the same target is a clear 409, not a second row', async () => {
    const res = await call(`/articles/${slug}/report`, { method: 'POST', token: reader, body: { report: { reason: 'other' } } });
    assert.equal(res.statusCode, 409);
    assert.deepEqual(res.json(), { errors: { report: ['is already open for this article: the moderators will look at it'] } });
  });

  test('bad input: 422 naming the field; unknown targets 404; nothing of one\'s own; signed out 401', async () => {
    const bad = await call(`/articles/${slug}/report`, { method: 'POST', token: moderator, body: { report: { reason: 'boring', note: 'x'.repeat(1001) } } });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(bad.json(), { errors: { reason: ['must be one of spam, harassment, other'], note: ['is too long (maximum is 1000 characters)'] } });
    assert.equal((await call(`/articles/${slug}/report`, { method: 'POST', token: moderator })).statusCode, 422);
    assert.equal((await call('/articles/nope/report', { method: 'POST', token: moderator, body: { report: { reason: 'spam' } } })).statusCode, 404);
    assert.equal((await call(`/articles/${slug}/comments/999999/report`, { method: 'POST', token: moderator, body: { report: { reason: 'spam' } } })).statusCode, 404);
    assert.equal((await call('/profiles/nobody/report', { method: 'POST', token: moderator, body: { report: { reason: 'spam' } } })).statusCode, 404);
    const own = await call(`/articles/${slug}/report`, { method: 'POST', token: writer, body: { report: { reason: 'spam' } } });
    assert.deepEqual(own.json(), { errors: { report: ['cannot be about your own article'] } });
    assert.equal((await call(`/articles/${slug}/report`, { method: 'POST', body: { report: { reason: 'spam' } } })).statusCode, 401);
  });

  test(`at most ${REPORTS_PER_HOUR} an hour, counted in the database for every process: then 429`, async () => {
    const busy = await signUp(t.app, 'busy');
    const other = await secondInstance(t);
    try {
      for (let i = 0; i < REPORTS_PER_HOUR; i++) {
        await signUp(t.app, `target${i}`);
        const on = i % 2 === 0 ? call : api(other.app);
        const res = await on(`/profiles/target${i}/report`, { method: 'POST', token: busy, body: { report: { reason: 'spam' } } });
        assert.equal(res.statusCode, 201, res.body);
      }
      const over = await api(other.app)('/profiles/writer/report', { method: 'POST', token: busy, body: { report: { reason: 'spam' } } });
      assert.equal(over.statusCode, 429);
      assert.match(over.json().errors.report[0], /^too many, try again in \d+ minutes?$/);
      assert.ok(Number(over.headers['retry-after']) > 0);
    } finally {
      await other.close();
    }
  });
});

describe('the moderators\' list', () => {
  test('GET /api/moderation/reports: open reports, newest first, with a count; members 403, signed out 401', async () => {
    const res = await call('/moderation/reports', { token: moderator });
    assert.equal(res.statusCode, 200, res.body);
    const { reports, reportsCount } = res.json();
    assert.equal(reportsCount, 3 + REPORTS_PER_HOUR);
    assert.deepEqual(Object.keys(reports[0]), ['id', 'target', 'reason', 'note', 'reporter', 'createdAt', 'status']);
    assert.ok(reports.every((r: { status: string }) => r.status === 'open'));
    assert.equal((await call('/moderation/reports', { token: reader })).statusCode, 403);
    // A member is refused before the query is read: a malformed one is still 403, not 422.
    assert.equal((await call('/moderation/reports?status=nonsense&limit=-1', { token: reader })).statusCode, 403);
    assert.equal((await call('/moderation/reports')).statusCode, 401);
    assert.equal((await call('/moderation/reports?status=nonsense', { token: moderator })).statusCode, 422);
  });

  test('acting on a target resolves its open reports; the reader may then report it again', async () => {
    await call(`/moderation/articles/${slug}/hide`, { method: 'POST', token: moderator, body: { moderation: { note: 'Spam' } } });
    const resolved = (await call('/moderation/reports?status=resolved', { token: moderator })).json();
    assert.deepEqual(resolved.reports.map((r: { target: unknown }) => r.target), [{ type: 'article', slug }]);
    await call(`/moderation/articles/${slug}/unhide`, { method: 'POST', token: moderator });
    const again = await call(`/articles/${slug}/report`, { method: 'POST', token: reader, body: { report: { reason: 'spam' } } });
    assert.equal(again.statusCode, 201, again.body);
  });

  test('the partial unique index holds one open report per reader and target, whatever writes it', async () => {
    await assert.rejects(
      execute(t.database, sql`INSERT INTO reports (reporter_id, target_type, target_id, article_id, reason, created_at) SELECT reporter_id, target_type, target_id, article_id, 'other', 1 FROM reports WHERE status = 'open' AND target_type = 'article'`),
    );
  });
});
