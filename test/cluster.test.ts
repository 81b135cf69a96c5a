import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  DEADLINE_MS,
  freePort,
  isAlive,
  root,
  SECRET,
  servingPids,
  startPrimary,
  status,
  until,
  type LogLine,
  type Primary,
} from './support/cluster.js';

describe('npm start: one worker per core', () => {
  let primary: Primary;
  let url: string;
  let firstWorkers: number[] = [];

  before(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}/`;
    primary = await startPrimary(port);
    firstWorkers = await until('two workers listening', () => primary.workerPids().length >= 2 && primary.workerPids(), primary);
  });
  after(() => primary?.cleanUp());

  test('both workers answer', async () => {
    assert.equal(new Set(firstWorkers).size, 2, 'two distinct worker processes');
    assert.ok(firstWorkers.every(isAlive));
    assert.ok(!firstWorkers.includes(primary.child.pid!), 'the primary serves nothing itself');
    for (let i = 0; i < 10; i++) assert.equal(await status(url), 200);
    await until('requests served by both workers', () => firstWorkers.every((pid) => servingPids(primary).has(pid)), primary);
  });

  test('a worker killed with SIGKILL is replaced and the site keeps answering', async () => {
    const [victim, survivor] = firstWorkers as [number, number];
    process.kill(victim, 'SIGKILL');

    const deadline = Date.now() + DEADLINE_MS;
    let failed = 0;
    for (let i = 0; i < 50; i++) {
      for (;;) {
        if ((await status(url)) === 200) break;
        failed++;
        assert.ok(Date.now() < deadline, `request ${i} still failing ${DEADLINE_MS} ms after the kill`);
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    // Requests in flight on the victim may fail; more than a handful would mean it is still being sent traffic.
    assert.ok(failed <= 5, `${failed} failed requests`);

    const exitLine = new RegExp(`^worker ${victim} exited \\(signal SIGKILL\\); starting a replacement$`);
    await until('the primary to report the death', () => primary.lines.some((l) => l.pid === primary.child.pid && exitLine.test(l.msg)), primary);
    const replacement = await until(
      'a replacement worker listening',
      () => primary.workerPids().find((pid) => !firstWorkers.includes(pid)),
      primary,
    );
    assert.ok(!isAlive(victim), 'the killed worker is gone');
    assert.ok(isAlive(replacement) && isAlive(survivor), 'two workers again');

    for (let i = 0; i < 10; i++) assert.equal(await status(url), 200);
    await until('the replacement serving requests', () => servingPids(primary).has(replacement), primary);
  });

  test('SIGTERM: the primary drains its workers and exits with code 0', async () => {
    const workers = primary.workerPids();
    primary.child.kill('SIGTERM');
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), DEADLINE_MS).unref());
    const result = await Promise.race([primary.exited, timeout]);
    assert.notEqual(result, 'timeout', `the primary did not exit within ${DEADLINE_MS} ms; output:\n${primary.output()}`);
    assert.deepEqual(result, { code: 0, signal: null }, primary.output());
    assert.deepEqual(workers.filter(isAlive), [], 'no worker outlives the primary');
    assert.ok(primary.lines.some((l) => l.msg === 'SIGTERM: stopping 2 workers'));
  });
});

describe('a worker that cannot start', () => {
  let primary: Primary | undefined;
  let squatter: Server | undefined;
  after(async () => {
    await primary?.cleanUp();
    squatter?.close();
  });

  test('is retried with a growing back-off, never in a busy loop, and SIGTERM still stops the primary', async () => {
    // Something else holds the port: every worker fails at listen, as after a bad deploy.
    const port = await freePort();
    squatter = createServer();
    await new Promise<void>((r) => squatter!.listen(port, '127.0.0.1', r));
    primary = await startPrimary(port, { WEB_CONCURRENCY: '1' });
    const p = primary;

    const waits = () => p.lines.filter((l) => /starting a replacement in \d+ s$/.test(l.msg));
    await until('two back-off waits', () => waits().length >= 2, p, 20_000);
    const [first, second] = waits() as [LogLine, LogLine];
    assert.equal(first.delayMs, 1_000);
    assert.equal(second.delayMs, 2_000);
    assert.ok(second.time - first.time >= 1_000, 'the second worker started only after the first wait');
    const deaths = p.lines.filter((l) => l.msg.includes(' exited (code 1)')).length;
    assert.ok(deaths <= 3, `${deaths} workers started and died`);

    p.child.kill('SIGTERM');
    const result = await p.exited;
    assert.deepEqual(result, { code: 0, signal: null }, p.output());
  });
});

test('a bad WEB_CONCURRENCY stops the primary with one clear line, before any database or worker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-cluster-'));
  try {
    const { PATH, HOME } = process.env;
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cluster.ts'], {
      cwd: root,
      env: { PATH: PATH ?? '', HOME: HOME ?? '', NODE_ENV: 'production', SESSION_SECRET: SECRET, WEB_CONCURRENCY: '0', DATABASE_PATH: join(dir, 'conduit.db') },
      encoding: 'utf8',
      timeout: DEADLINE_MS,
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /WEB_CONCURRENCY \("0"\): must be a whole number from 1 to 64/);
    assert.doesNotMatch(result.stderr, /^ {4}at /m, 'no stack trace');
    assert.equal(result.stdout, '', 'no worker was started');
    assert.equal(existsSync(join(dir, 'conduit.db')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
