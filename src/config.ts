import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { EVERY_FORMS, everyAsCron } from './lib/every.js';
import type { MailDelivery } from './mail/mailer.js';

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of: ${values.join(', ')}` });

const bool = oneOf(['1', '0', 'true', 'false', 'yes', 'no']).transform((v) => v === '1' || v === 'true' || v === 'yes');

/** A whole number in range, with one plain message whatever is wrong with it. */
const integer = (min: number, max?: number) => {
  const message = max === undefined ? `must be a whole number of at least ${min}` : `must be a whole number from ${min} to ${max}`;
  const schema = z.coerce.number({ error: message }).int(message).min(min, message);
  return max === undefined ? schema : schema.max(max, message);
};

const envSchema = z
  .object({
    NODE_ENV: oneOf(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: integer(0, 65535).default(3000),
    DATABASE_PATH: z.string().min(1).default('data/conduit.db'),
    // postgres://user:password@host:port/database runs on PostgreSQL instead of the SQLite file.
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// URL (leave it unset for SQLite at DATABASE_PATH)' })
      .optional(),
    // Connections each process keeps to PostgreSQL.
    DATABASE_POOL_MAX: integer(1, 500).default(10),
    // Comma-separated: the first signs new cookies, the rest still verify (rotation).
    SESSION_SECRET: z.string().optional(),
    LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    TRUST_PROXY: bool.default(false),
    // 'auto' = Secure when the request came over https (needs TRUST_PROXY behind a proxy).
    COOKIE_SECURE: oneOf(['auto', 'true', 'false']).default('auto'),
    // Comma-separated origins allowed to call /api from a browser; '*' for any.
    CORS_ORIGINS: z.string().optional(),
    ALLOW_COMMON_PASSWORDS: bool.default(false),
    // argon2id cost. Defaults follow OWASP's first recommended profile (m=19 MiB, t=2).
    ARGON2_MEMORY_KIB: integer(1024, 1_048_576).optional(),
    ARGON2_ITERATIONS: integer(1, 20).optional(),
    // Hashes at once; each holds a core, so fewer than the cores keeps pages fast during sign-in bursts.
    ARGON2_CONCURRENCY: integer(1, 64).optional(),
    // Server processes `npm start` runs (node:cluster workers); `npm run dev` is always one.
    WEB_CONCURRENCY: integer(1, 64).optional(),
    // Sign-in / sign-up attempts per address per minute.
    AUTH_RATE_LIMIT: integer(1).optional(),
    // Hourly limits on the articles and comments an account posts, by its age (docs/decisions/0026); on in production.
    POSTING_LIMITS: bool.optional(),
    // Failed sign-ins on one account from one address per 15 minutes before that pair is paused.
    LOGIN_FAILURES_PER_ADDRESS: integer(1).default(10),
    // Failed sign-ins on one account per hour, from any address, before the account is paused.
    LOGIN_FAILURES_PER_HOUR: integer(1).default(100),
    // Days without use after which a session or API token ends (the absolute lifetime is 30 days).
    SESSION_IDLE_DAYS: integer(1, 30).default(14),
    // Where mail goes: smtp://user:pass@host:587 or smtps://…; without it, development writes to an outbox folder.
    SMTP_URL: z
      .string()
      .refine((v) => /^smtps?:\/\/[^\s]+$/.test(v), 'must be an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: z.string().min(3).default('Conduit <no-reply@localhost>'),
    // The site's address as users reach it, for links in mail (never taken from a request's Host header).
    PUBLIC_URL: z
      .string()
      .refine((v) => /^https?:\/\/[^\s/]+$/.test(v.replace(/\/$/, '')), 'must be an http(s) origin such as https://conduit.example')
      .optional(),
    // URLs one sitemap file lists at most (the protocol's limit is 50 000); past it /sitemap.xml is an index of parts.
    SITEMAP_URLS_PER_FILE: integer(1, 50_000).default(50_000),
    // Memory for whole pages served to signed-out readers, and as much for API answers; 0 turns both off.
    PUBLIC_CACHE_MB: integer(0, 1024).default(6),
    // Whether each server process runs due jobs (the hourly purges, and what features enqueue).
    JOBS_ENABLED: bool.default(true),
    // How often an idle server process looks for due jobs.
    JOBS_POLL_MS: integer(100, 3_600_000).default(5000),
    // How often notification mail "at once" is swept (seconds, up to a minute), and how old a notification must be first
    // (docs/decisions/0033: on PostgreSQL the sweep must not step over a transaction that has not committed yet).
    INSTANT_MAIL_SECONDS: integer(1, 60).default(60),
    INSTANT_MAIL_SETTLE_MS: integer(0, 600_000).default(30_000),
    // Where `npm run db:backup` writes; unset, backups/ beside DATABASE_PATH (data/backups).
    BACKUP_DIR: z.string().min(1).optional(),
    // Backups kept: the newest BACKUP_KEEP, plus the newest of each of the last BACKUP_KEEP_DAILY days and BACKUP_KEEP_WEEKLY weeks.
    BACKUP_KEEP: integer(1, 1000).default(7),
    BACKUP_KEEP_DAILY: integer(0, 1000).default(7),
    BACKUP_KEEP_WEEKLY: integer(0, 1000).default(4),
    // Scheduled backups, run by the job runner (exactly one process takes each); unset, none.
    BACKUP_EVERY: z
      .string()
      .refine((text) => everyAsCron(text) !== undefined, { error: `must be one of ${EVERY_FORMS}` })
      .optional(),
    // ActivityPub (src/federation/): authors followable from the fediverse. Off: no route, and Fedify is never loaded.
    FEDERATION: oneOf(['on', 'off']).default('on'),
    // Lets federation fetch loopback and private addresses in production too (never needed on a public site).
    FEDERATION_ALLOW_PRIVATE: bool.default(false),
    // Inbox posts taken from one remote server (the host of its signing key) a minute; past it, 429.
    FEDERATION_INBOX_RATE_LIMIT: integer(1).default(300),
    // A remote server whose deliveries keep failing this many days loses its followers (src/federation/failing-remotes.ts).
    FEDERATION_DROP_FAILING_DAYS: integer(1, 365).default(7),
    // How long deliveries to a failing server are held before one is tried again.
    FEDERATION_RETRY_FAILING_SECONDS: integer(1, 86_400).default(1800),
    // Each fetch a queued federation message makes (a delivery above all) is given up after this many seconds.
    FEDERATION_DELIVERY_TIMEOUT_SECONDS: integer(1, 100).default(30),
    // Prometheus metrics on their own listener (src/metrics/); unset, none are kept at all.
    METRICS_PORT: integer(1, 65535).optional(),
    // Where that listener binds: loopback unless a scraper on another machine needs it.
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  })
  .superRefine((env, ctx) => {
    // The metrics name every route and show the traffic: never on the port the public reaches.
    if (env.METRICS_PORT !== undefined && env.METRICS_PORT === env.PORT) {
      ctx.addIssue({ code: 'custom', path: ['METRICS_PORT'], message: 'must differ from PORT: metrics are never served on the public port' });
    }
    // This server speaks plain http: it only learns a request was https from a trusted proxy's
    // X-Forwarded-Proto. A forced Secure cookie without that is never set, so nobody could sign in.
    if (env.COOKIE_SECURE === 'true' && !env.TRUST_PROXY) {
      ctx.addIssue({
        code: 'custom',
        path: ['COOKIE_SECURE'],
        message: 'true needs TRUST_PROXY=1 (https is terminated by a proxy); otherwise no session cookie is ever set',
      });
    }
    if (env.NODE_ENV === 'production') {
      const secrets = splitList(env.SESSION_SECRET);
      if (secrets.length === 0 || secrets.some((s) => s.length < 32)) {
        ctx.addIssue({
          code: 'custom',
          path: ['SESSION_SECRET'],
          message: 'is required in production: one or more comma-separated secrets of at least 32 characters',
        });
      }
    } else if (env.SESSION_SECRET && splitList(env.SESSION_SECRET).some((s) => s.length < 32)) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'each secret must be at least 32 characters' });
    }
  });

/** Variables whose values must never be printed, not even in an error message. */
const SECRET_VARIABLES = new Set(['SESSION_SECRET', 'SMTP_URL']);

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databasePath: string;
  /** Set: PostgreSQL at this URL; unset: SQLite at databasePath. */
  databaseUrl: string | undefined;
  databasePoolMax: number;
  sessionSecrets: string[];
  logLevel: string;
  trustProxy: boolean;
  cookieSecure: boolean | 'auto';
  corsOrigins: string[] | '*';
  allowCommonPasswords: boolean;
  argon2: { memoryCost: number; timeCost: number; concurrency: number };
  authRateLimit: number;
  /** Whether new accounts' articles and comments are limited per hour (src/domain/anti-abuse/posting-limits.ts). */
  postingLimits: boolean;
  loginFailuresPerAddress: number;
  loginFailuresPerHour: number;
  sessionIdleMs: number;
  /** Where mail goes: SMTP, the development outbox, or nowhere (production without SMTP_URL). */
  mail: MailDelivery;
  mailFrom: string;
  /** The site's origin for links in mail; null when unknown (production without PUBLIC_URL). */
  publicUrl: string | null;
  publicCacheBytes: number;
  /** URLs per sitemap file (src/web/sitemap.ts). */
  sitemapSize: number;
  webConcurrency: number;
  /** Whether server processes run due jobs (src/jobs/runner.ts). */
  jobsEnabled: boolean;
  /**
   * ActivityPub: null when off (FEDERATION=off, or no PUBLIC_URL in production,
   * as every id must be built from it); else whether private addresses may be fetched,
   * and how many inbox posts a minute one remote server may make.
   */
  federation: { allowPrivateAddress: boolean; inboxPerMinute: number; deliveryTimeoutMs: number; failingRemotes: { dropAfterMs: number; retryMs: number } } | null;
  jobsPollMs: number;
  /** The instant notification mail's sweep (src/domain/notifications/instant-mail.ts). */
  instantMail: { everySeconds: number; settleMs: number };
  /** `npm run db:backup`: where backups go, and how many are kept (src/db/backup-retention.ts). */
  backup: BackupConfig;
  /** Where the Prometheus metrics listen (METRICS_HOST:METRICS_PORT); null: no metrics are kept. */
  metrics: { host: string; port: number } | null;
}

export interface BackupConfig {
  dir: string;
  keep: number;
  keepDaily: number;
  keepWeekly: number;
  /** BACKUP_EVERY as the backup job's cron pattern (src/jobs/catalog.ts), or null for no scheduled backups. */
  scheduleCron: string | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Reads the environment once; throws ConfigError with one line per bad variable.
 * `clustered`: whether this process is one of WEB_CONCURRENCY workers sharing the cores.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, { clustered = cluster.isWorker } = {}): Config {
  // A variable set to nothing (`PORT=`) counts as unset: its default applies.
  const set = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const value = set[name];
      const shown = value === undefined || SECRET_VARIABLES.has(name) ? '' : ` (${JSON.stringify(value)})`;
      return `${name}${shown}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const env = parsed.data;
  const isTest = env.NODE_ENV === 'test';
  const isProd = env.NODE_ENV === 'production';
  const cors = splitList(env.CORS_ORIGINS);
  const cores = availableParallelism();
  const webConcurrency = env.WEB_CONCURRENCY ?? cores;
  // Workers share the cores, so each takes an equal share of the hashing; all compute the same share.
  const processes = clustered ? webConcurrency : 1;
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    databasePath: env.DATABASE_PATH,
    databaseUrl: env.DATABASE_URL,
    databasePoolMax: env.DATABASE_POOL_MAX,
    // Empty outside production: the server then keeps a generated secret beside the database.
    sessionSecrets: splitList(env.SESSION_SECRET),
    logLevel: env.LOG_LEVEL ?? (isTest ? 'silent' : 'info'),
    trustProxy: env.TRUST_PROXY,
    cookieSecure: env.COOKIE_SECURE === 'auto' ? 'auto' : env.COOKIE_SECURE === 'true',
    corsOrigins: cors.includes('*') ? '*' : cors.length > 0 ? cors : isProd ? [] : '*',
    allowCommonPasswords: env.ALLOW_COMMON_PASSWORDS,
    argon2: {
      memoryCost: env.ARGON2_MEMORY_KIB ?? (isTest ? 1024 : 19_456),
      timeCost: env.ARGON2_ITERATIONS ?? (isTest ? 1 : 2),
      concurrency: env.ARGON2_CONCURRENCY ?? Math.max(1, Math.floor((cores - 1) / processes)),
    },
    authRateLimit: env.AUTH_RATE_LIMIT ?? (isProd ? 30 : 1000),
    // Off by default elsewhere, like AUTH_RATE_LIMIT: development and tests post a lot from new accounts.
    postingLimits: env.POSTING_LIMITS ?? isProd,
    loginFailuresPerAddress: env.LOGIN_FAILURES_PER_ADDRESS,
    loginFailuresPerHour: env.LOGIN_FAILURES_PER_HOUR,
    sessionIdleMs: env.SESSION_IDLE_DAYS * 24 * 60 * 60 * 1000,
    mail: env.SMTP_URL
      ? { kind: 'smtp', url: env.SMTP_URL }
      : isProd
        ? { kind: 'none' }
        : { kind: 'outbox', dir: join(dirname(env.DATABASE_PATH), 'outbox') },
    mailFrom: env.MAIL_FROM,
    publicUrl: env.PUBLIC_URL?.replace(/\/$/, '') ?? (isProd ? null : `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT}`),
    publicCacheBytes: env.PUBLIC_CACHE_MB * 1024 * 1024,
    sitemapSize: env.SITEMAP_URLS_PER_FILE,
    webConcurrency,
    jobsEnabled: env.JOBS_ENABLED,
    federation:
      env.FEDERATION === 'off' || (isProd && !env.PUBLIC_URL)
        ? null
        : {
            allowPrivateAddress: !isProd || env.FEDERATION_ALLOW_PRIVATE,
            inboxPerMinute: env.FEDERATION_INBOX_RATE_LIMIT,
            deliveryTimeoutMs: env.FEDERATION_DELIVERY_TIMEOUT_SECONDS * 1000,
            failingRemotes: { dropAfterMs: env.FEDERATION_DROP_FAILING_DAYS * 24 * 60 * 60_000, retryMs: env.FEDERATION_RETRY_FAILING_SECONDS * 1000 },
          },
    jobsPollMs: env.JOBS_POLL_MS,
    instantMail: { everySeconds: env.INSTANT_MAIL_SECONDS, settleMs: env.INSTANT_MAIL_SETTLE_MS },
    backup: {
      dir: env.BACKUP_DIR ?? join(dirname(env.DATABASE_PATH), 'backups'),
      keep: env.BACKUP_KEEP,
      keepDaily: env.BACKUP_KEEP_DAILY,
      keepWeekly: env.BACKUP_KEEP_WEEKLY,
      scheduleCron: env.BACKUP_EVERY === undefined ? null : everyAsCron(env.BACKUP_EVERY)!,
    },
    metrics: env.METRICS_PORT === undefined ? null : { host: env.METRICS_HOST, port: env.METRICS_PORT },
  };
}

/** For entry points: the config, or one line naming what is wrong and exit code 1. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
