// `npm run admin -- grant EMAIL admin|moderator` and `npm run admin -- revoke EMAIL`:
// the operator's way to make the first admin. Each change is logged; an unknown
// email exits 1, a usage error 2, both with a clear message.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { signUp } from '../support/api.js';
import { createTestApp, query, queryOne, type TestApp } from '../support/app.js';
import { testEngine } from '../support/test-database.js';

const root = join(import.meta.dirname, '..', '..');
let t: TestApp;

before(async () => {
  t = await createTestApp();
  await signUp(t.app, 'ada');
});
after(() => t.close());

function admin(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/admin/admin-command.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'test', DATABASE_PATH: t.config.databasePath, DATABASE_URL: t.config.databaseUrl ?? '' },
  });
}

const roleOf = async (username: string) => (await queryOne<{ role: string }>(t.database, sql`SELECT role FROM users WHERE username = ${username}`)).role;

describe(`npm run admin (${testEngine})`, () => {
  test('grant EMAIL admin makes the user an admin, whatever the case of the email, and logs it', async () => {
    const run = admin('grant', 'ADA@example.com', 'admin');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'ada is now an admin.');
    assert.equal(await roleOf('ada'), 'admin');
    const [entry] = await query<{ actor_id: number | null; actor_name: string; action: string; target_label: string }>(
      t.database,
      sql`SELECT actor_id, actor_name, action, target_label FROM moderation_log ORDER BY id DESC LIMIT 1`,
    );
    assert.deepEqual({ ...entry }, { actor_id: null, actor_name: 'command line', action: 'grant', target_label: 'ada' });
  });

  test('granting the role a user has already changes nothing and says so', async () => {
    const before = await query(t.database, sql`SELECT id FROM moderation_log`);
    const run = admin('grant', 'ada@example.com', 'admin');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'ada is already an admin; nothing changed.');
    assert.equal((await query(t.database, sql`SELECT id FROM moderation_log`)).length, before.length);
  });

  test('grant EMAIL moderator, then revoke EMAIL: a moderator, then a member again', async () => {
    assert.equal(admin('grant', 'ada@example.com', 'moderator').stdout.trim(), 'ada is now a moderator.');
    assert.equal(await roleOf('ada'), 'moderator');
    const run = admin('revoke', 'ada@example.com');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'ada is now a member.');
    assert.equal(await roleOf('ada'), 'member');
    const actions = await query<{ action: string }>(t.database, sql`SELECT action FROM moderation_log ORDER BY id`);
    assert.deepEqual(actions.map((a) => a.action), ['grant', 'grant', 'revoke']);
  });

  test('an unknown email: exit 1 and a message naming it', () => {
    const run = admin('grant', 'nobody@example.com', 'admin');
    assert.equal(run.status, 1);
    assert.equal(run.stderr.trim(), 'No user has the email nobody@example.com.');
  });

  test('a role that cannot be granted: exit 2, the message and the usage', async () => {
    const run = admin('grant', 'ada@example.com', 'superuser');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /"superuser" is not a role that can be granted: use moderator or admin\./);
    assert.match(run.stderr, /Usage: npm run admin -- grant EMAIL moderator\|admin/);
    assert.equal(await roleOf('ada'), 'member');
  });

  test('anything else: the usage and exit 2; --help: the usage and exit 0', () => {
    for (const args of [[], ['grant'], ['grant', 'ada@example.com'], ['revoke'], ['revoke', 'ada@example.com', 'admin'], ['promote', 'ada@example.com', 'admin']]) {
      const run = admin(...args);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /^Usage: npm run admin/, args.join(' '));
    }
    const help = admin('--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: npm run admin -- grant EMAIL moderator\|admin\n\s+npm run admin -- revoke EMAIL/);
  });
});
