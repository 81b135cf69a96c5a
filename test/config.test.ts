import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';

const SECRET = 'a-production-secret-of-enough-length-0123456789';
const OTHER_SECRET = 'an-older-secret-still-accepted-for-verification';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadConfig', () => {
  test('defaults for development', () => {
    const config = loadConfig({});
    assert.equal(config.env, 'development');
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.deepEqual(config.sessionSecrets, []);
    assert.equal(config.cookieSecure, 'auto');
    assert.equal(config.allowCommonPasswords, false);
    assert.equal(config.loginFailuresPerAddress, 10);
    assert.equal(config.loginFailuresPerHour, 100);
    assert.equal(config.sessionIdleMs, 14 * 24 * 60 * 60 * 1000);
  });

  test('SESSION_IDLE_DAYS sets the idle timeout, within the 30-day lifetime', () => {
    assert.equal(loadConfig({ SESSION_IDLE_DAYS: '3' }).sessionIdleMs, 3 * 24 * 60 * 60 * 1000);
    assert.match(configError({ SESSION_IDLE_DAYS: '31' }).message, /SESSION_IDLE_DAYS \("31"\): must be a whole number from 1 to 30/);
  });

  test('PORT=abc is refused with a message naming PORT', () => {
    const error = configError({ PORT: 'abc' });
    assert.match(error.message, /PORT/);
    assert.match(error.message, /PORT \("abc"\): must be a whole number from 0 to 65535/);
  });

  test('PORT out of range or fractional is refused', () => {
    assert.match(configError({ PORT: '70000' }).message, /PORT/);
    assert.match(configError({ PORT: '80.5' }).message, /PORT/);
    assert.match(configError({ PORT: '-1' }).message, /PORT/);
  });

  test('an empty variable counts as unset (PORT= keeps the default, not port 0)', () => {
    assert.equal(loadConfig({ PORT: '' }).port, 3000);
    assert.equal(loadConfig({ AUTH_RATE_LIMIT: '', NODE_ENV: 'test' }).authRateLimit, 1000);
  });

  test('every bad variable is reported, one line each', () => {
    const error = configError({ PORT: 'abc', LOG_LEVEL: 'loud', TRUST_PROXY: 'maybe' });
    const lines = error.message.split('\n').slice(1);
    assert.equal(lines.length, 3);
    assert.ok(lines.some((l) => l.includes('PORT')));
    assert.ok(lines.some((l) => l.includes('LOG_LEVEL') && l.includes('silent')));
    assert.ok(lines.some((l) => l.includes('TRUST_PROXY')));
  });

  test('NODE_ENV=production without SESSION_SECRET throws a ConfigError naming SESSION_SECRET', () => {
    const error = configError({ NODE_ENV: 'production' });
    assert.equal(error.name, 'ConfigError');
    assert.match(error.message, /SESSION_SECRET/);
  });

  test('production with a short secret is refused, and the secret is never printed', () => {
    const error = configError({ NODE_ENV: 'production', SESSION_SECRET: 'my-real-but-short-secret' });
    assert.match(error.message, /SESSION_SECRET/);
    assert.ok(!error.message.includes('my-real-but-short-secret'));
    const list = configError({ NODE_ENV: 'production', SESSION_SECRET: `${SECRET},shorty-secret` });
    assert.ok(!list.message.includes(SECRET) && !list.message.includes('shorty-secret'));
  });

  test('production with a 32+ character secret works', () => {
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) });
    assert.equal(config.env, 'production');
    assert.deepEqual(config.sessionSecrets, ['x'.repeat(32)]);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.authRateLimit, 30);
    assert.deepEqual(config.corsOrigins, []);
  });

  test('a comma-separated list of secrets is accepted (first signs, others verify)', () => {
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: ` ${SECRET} , ${OTHER_SECRET} ` });
    assert.deepEqual(config.sessionSecrets, [SECRET, OTHER_SECRET]);
  });

  test('outside production a short secret is still refused', () => {
    assert.match(configError({ SESSION_SECRET: 'short' }).message, /SESSION_SECRET/);
  });

  test('COOKIE_SECURE=true without TRUST_PROXY is refused (the cookie would never be set over http)', () => {
    const error = configError({ COOKIE_SECURE: 'true' });
    assert.match(error.message, /COOKIE_SECURE/);
    assert.match(error.message, /TRUST_PROXY=1/);
    assert.equal(loadConfig({ COOKIE_SECURE: 'true', TRUST_PROXY: '1' }).cookieSecure, true);
    assert.equal(loadConfig({ COOKIE_SECURE: 'false' }).cookieSecure, false);
  });

  test('WEB_CONCURRENCY is a whole number from 1 to 64, one per core by default', () => {
    assert.equal(loadConfig({}).webConcurrency, availableParallelism());
    assert.equal(loadConfig({ WEB_CONCURRENCY: '3' }).webConcurrency, 3);
    for (const bad of ['0', '65', '1.5', 'many']) {
      assert.match(configError({ WEB_CONCURRENCY: bad }).message, /WEB_CONCURRENCY \(".*"\): must be a whole number from 1 to 64/);
    }
  });

  test('ARGON2_CONCURRENCY defaults to the cores but one, split evenly between cluster workers', () => {
    const cores = availableParallelism();
    const spare = Math.max(1, cores - 1);
    // A lone server (npm run dev, tests) has the cores to itself whatever WEB_CONCURRENCY says.
    assert.equal(loadConfig({}, { clustered: false }).argon2.concurrency, spare);
    assert.equal(loadConfig({ WEB_CONCURRENCY: '4' }, { clustered: false }).argon2.concurrency, spare);
    assert.equal(loadConfig({ WEB_CONCURRENCY: '1' }, { clustered: true }).argon2.concurrency, spare);
    assert.equal(loadConfig({}, { clustered: true }).argon2.concurrency, Math.max(1, Math.floor((cores - 1) / cores)));
    assert.equal(loadConfig({ WEB_CONCURRENCY: '64' }, { clustered: true }).argon2.concurrency, 1);
    assert.equal(loadConfig({ WEB_CONCURRENCY: '2', ARGON2_CONCURRENCY: '3' }, { clustered: true }).argon2.concurrency, 3);
  });

  test('jobs run in every server process, polled every 5 s, unless JOBS_ENABLED=0', () => {
    assert.deepEqual([loadConfig({}).jobsEnabled, loadConfig({}).jobsPollMs], [true, 5000]);
    assert.deepEqual([loadConfig({ JOBS_ENABLED: '0', JOBS_POLL_MS: '250' }).jobsEnabled, loadConfig({ JOBS_POLL_MS: '250' }).jobsPollMs], [false, 250]);
    assert.match(configError({ JOBS_POLL_MS: '10' }).message, /JOBS_POLL_MS \("10"\): must be a whole number from 100 to 3600000/);
    assert.match(configError({ JOBS_ENABLED: 'maybe' }).message, /JOBS_ENABLED/);
  });

  test('BACKUP_EVERY: an interval that divides an hour, a day or a week; anything else in one line', () => {
    assert.equal(loadConfig({}).backup.scheduleCron, null);
    assert.equal(loadConfig({ BACKUP_EVERY: '6h' }).backup.scheduleCron, '15 */6 * * *');
    assert.match(configError({ BACKUP_EVERY: '7h' }).message, /BACKUP_EVERY \("7h"\): must be one of 5m, 10m/);
  });

  test('backups: beside the database by default, kept 7 / 7 daily / 4 weekly; a bad count is refused in one line', () => {
    assert.deepEqual(loadConfig({}).backup, { dir: join('data', 'backups'), keep: 7, keepDaily: 7, keepWeekly: 4, scheduleCron: null });
    assert.equal(loadConfig({ DATABASE_PATH: '/srv/conduit/site.db' }).backup.dir, '/srv/conduit/backups');
    const set = loadConfig({ BACKUP_DIR: '/mnt/backups', BACKUP_KEEP: '3', BACKUP_KEEP_DAILY: '0', BACKUP_KEEP_WEEKLY: '12' }).backup;
    assert.deepEqual(set, { dir: '/mnt/backups', keep: 3, keepDaily: 0, keepWeekly: 12, scheduleCron: null });
    assert.match(configError({ BACKUP_KEEP: '0' }).message, /^ {2}BACKUP_KEEP \("0"\): must be a whole number from 1 to 1000$/m);
    assert.match(configError({ BACKUP_KEEP_DAILY: 'a week' }).message, /BACKUP_KEEP_DAILY \("a week"\): must be a whole number from 0 to 1000/);
    assert.equal(configError({ BACKUP_KEEP_WEEKLY: '-1' }).message.split('\n').length, 2, 'one line after the heading');
  });

  test('booleans and numbers are parsed', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      ALLOW_COMMON_PASSWORDS: '1',
      TRUST_PROXY: 'yes',
      COOKIE_SECURE: 'true',
      AUTH_RATE_LIMIT: '3',
      LOGIN_FAILURES_PER_ADDRESS: '5',
      LOGIN_FAILURES_PER_HOUR: '50',
      CORS_ORIGINS: 'https://a.example, https://b.example',
    });
    assert.equal(config.allowCommonPasswords, true);
    assert.equal(config.trustProxy, true);
    assert.equal(config.cookieSecure, true);
    assert.equal(config.authRateLimit, 3);
    assert.equal(config.loginFailuresPerAddress, 5);
    assert.equal(config.loginFailuresPerHour, 50);
    assert.deepEqual(config.corsOrigins, ['https://a.example', 'https://b.example']);
    assert.equal(config.logLevel, 'silent');
  });
});

describe('the real server process', () => {
  const root = resolve(import.meta.dirname, '..');

  function start(env: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), 'conduit-config-'));
    try {
      const { PATH, HOME } = process.env;
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        cwd: root,
        env: { PATH: PATH ?? '', HOME: HOME ?? '', DATABASE_PATH: join(dir, 'conduit.db'), ...env },
        encoding: 'utf8',
        timeout: 20_000,
      });
      return { ...result, databaseCreated: existsSync(join(dir, 'conduit.db')) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  test('PORT=abc exits with code 1 and a clear message, no stack trace', () => {
    const result = start({ PORT: 'abc' });
    assert.equal(result.error, undefined, 'the process ran and ended on its own');
    assert.equal(result.status, 1, `stderr: ${result.stderr}`);
    assert.match(result.stderr, /PORT/);
    assert.match(result.stderr, /must be a whole number/);
    assert.doesNotMatch(result.stderr, /^ {4}at /m, 'no stack trace');
    assert.equal(result.databaseCreated, false, 'nothing was created before the config was checked');
  });

  test('production without SESSION_SECRET exits with code 1 naming SESSION_SECRET', () => {
    const result = start({ NODE_ENV: 'production', PORT: '0' });
    assert.equal(result.status, 1, `stderr: ${result.stderr}`);
    assert.match(result.stderr, /SESSION_SECRET/);
    assert.doesNotMatch(result.stderr, /^ {4}at /m);
  });
});
