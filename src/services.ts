import type { Config } from './config.js';
import type { Database, Db } from './db/database.js';
import { LoginThrottle } from './domain/accounts/login-throttle.js';
import { noMailer, type Mailer } from './domain/mail.js';
import { createPasswordHasher, type PasswordHasher } from './domain/accounts/password-hashing.js';
import type { FollowerRemoved } from './domain/federation/own-followers.js';
import type { ArticlePublished } from './domain/publishing/publication-hook.js';
import type { AccountDeleted } from './domain/federation/account-deletion-delivery.js';
import type { ArticleChanged } from './domain/federation/article-changes.js';

/** What both faces hand to the domain: built once per app from the config. */
export interface Services {
  db: Db;
  database: Database;
  passwords: PasswordHasher;
  loginThrottle: LoginThrottle;
  /** The time, as epoch ms. Tests pass their own clock to move it without waiting. */
  now: () => number;
  /** How long a session or API token may go unused (SESSION_IDLE_DAYS). */
  idleMs: number;
  mailer: Mailer;
  /** Whether new accounts' posts are limited per hour (POSTING_LIMITS). */
  postingLimits: boolean;
  /** Told when an article goes live: set by src/app.ts when federation is on. */
  articlePublished?: ArticlePublished;
  /** Told when an author removes a fediverse follower (settings): set by src/federation/setup.ts. */
  followerRemoved?: FollowerRemoved;
  /** Told of an edit, deletion, hiding or suspension of published articles: set with articlePublished. */
  articleChanged?: ArticleChanged;
  /** Told of a deleted account with fediverse followers: set with articlePublished. */
  accountDeleted?: AccountDeleted;
}

export interface ServiceOptions {
  now?: () => number;
  mailer?: Mailer;
}

export function createServices(config: Config, database: Database, options: ServiceOptions = {}): Services {
  return {
    db: database.db,
    database,
    passwords: createPasswordHasher({ ...config.argon2, allowCommon: config.allowCommonPasswords }),
    loginThrottle: new LoginThrottle(database.db, {
      perAddress: config.loginFailuresPerAddress,
      perAccount: config.loginFailuresPerHour,
    }),
    now: options.now ?? Date.now,
    idleMs: config.sessionIdleMs,
    mailer: options.mailer ?? noMailer,
    postingLimits: config.postingLimits,
  };
}
