import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import '../src/federation/node20.js';
import { exportSpki, generateCryptoKeyPair, signRequest } from '@fedify/fedify';
import { expect, test } from './fixtures.js';
import { expectNoSeriousViolations, navbar, newUser, signUp, uniqueUser } from './helpers.js';

const repoRoot = resolve(import.meta.dirname, '..');
const FIXTURES = resolve(repoRoot, 'test/federation/fixtures/mastodon');

test('an author sees a fediverse follower in settings and removes them; their server is told', async ({ browser, baseURL }) => {
  test.setTimeout(60_000);
  // A Mastodon-like server on loopback: it serves alice's actor and records what reaches its inboxes.
  const keys = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
  const pem = JSON.stringify(await exportSpki(keys.publicKey)).slice(1, -1);
  const received: Array<{ type?: string }> = [];
  const remote = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST') {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type?: string });
        return response.writeHead(202).end();
      }
      response.writeHead(200, { 'content-type': 'application/activity+json' }).end(fill('actor.json'));
    });
  });
  await new Promise<void>((done) => remote.listen(0, '127.0.0.1', done));
  const remoteOrigin = `http://127.0.0.1:${(remote.address() as AddressInfo).port}`;
  const author = uniqueUser('author');
  const fill = (name: string) =>
    readFileSync(resolve(FIXTURES, name), 'utf8')
      .replaceAll('{{REMOTE}}', remoteOrigin)
      .replaceAll('{{CONDUIT_ACTOR}}', `${baseURL}/profile/${author.username}`)
      .replaceAll('{{PUBLIC_KEY_PEM}}', pem);

  try {
    const { page } = await newUser(browser, baseURL);
    await signUp(page, author);
    await navbar(page).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Fediverse followers' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fediverse followers');
    await expect(page.getByText('Nobody on the fediverse follows you yet.')).toBeVisible();
    await expect(page.getByText(`@${author.username}@${new URL(baseURL!).host}`)).toBeVisible();

    // alice follows the author from her server, as Mastodon sends it (signed, with a Digest).
    const follow = new Request(`${baseURL}/profile/${author.username}/inbox`, { method: 'POST', headers: { 'content-type': 'application/activity+json' }, body: fill('follow.json') });
    expect((await fetch(await signRequest(follow, keys.privateKey, new URL(`${remoteOrigin}/users/alice#main-key`)))).status).toBe(202);

    const handle = `@alice@${new URL(remoteOrigin).host}`;
    const followers = page.getByRole('list', { name: 'Your fediverse followers' });
    await expect(async () => {
      await page.reload();
      await expect(followers.getByRole('link', { name: handle })).toHaveAttribute('href', `${remoteOrigin}/@alice`);
    }).toPass({ timeout: 30_000 });
    await expectNoSeriousViolations(page);

    await followers.getByRole('button', { name: `Remove ${handle}` }).click();
    await expect(page).toHaveURL(`${baseURL}/settings/fediverse`);
    await expect(page.getByText('Nobody on the fediverse follows you yet.')).toBeVisible();
    await expect.poll(() => received.some((activity) => activity.type === 'Reject'), { timeout: 30_000 }).toBe(true);
  } finally {
    remote.close();
  }
});

test('a moderator blocks a domain and unblocks it; both are in the log', async ({ browser, baseURL, server }) => {
  const { page } = await newUser(browser, baseURL);
  const mod = uniqueUser('mod');
  await signUp(page, mod);
  const granted = spawnSync(process.execPath, ['--import', 'tsx', 'src/admin/admin-command.ts', 'grant', mod.email, 'moderator'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'test', ...server.databaseEnv },
  });
  expect(granted.status, granted.stderr).toBe(0);

  await page.goto('/moderation');
  await page.getByRole('navigation', { name: 'Moderation' }).getByRole('link', { name: 'Blocked domains' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Blocked domains');
  await expect(page.getByText('No domain is blocked.')).toBeVisible();
  await expectNoSeriousViolations(page);

  await page.getByLabel('Domain').fill('not a domain');
  await page.getByRole('button', { name: 'Block domain' }).click();
  await expect(page.getByText('must be a domain name such as example.social')).toBeVisible();

  await page.getByLabel('Domain').fill('spam.example');
  await page.getByLabel('Why (for the log)').fill('Spam wave');
  await page.getByRole('button', { name: 'Block domain' }).click();
  await expect(page.getByRole('cell', { name: 'spam.example', exact: true })).toBeVisible();
  await expectNoSeriousViolations(page);

  await page.getByRole('button', { name: 'Unblock spam.example' }).click();
  await expect(page.getByText('No domain is blocked.')).toBeVisible();

  await page.getByRole('navigation', { name: 'Moderation' }).getByRole('link', { name: 'Log' }).click();
  await expect(page.getByRole('row', { name: /block-domain domain spam\.example Spam wave/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /unblock-domain domain spam\.example/ })).toBeVisible();
});
