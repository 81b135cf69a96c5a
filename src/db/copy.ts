import { asc, count, getTableColumns, getTableName, sql, type Column, type SQL } from 'drizzle-orm';
import { getTableConfig as postgresTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core';
import type { Database, Db, Tables } from './database.js';
import { appliedMigration, newestMigration } from './migrations-folder.js';
import { SEARCH_INDEX_TABLES } from './search-index.js';
import { exec, isUniqueViolation, rows as rowsOf } from './sql.js';

/** The tables a site is made of, parents before children (foreign keys): every row is copied. */
export const COPIED_TABLES = [
  'users',
  'sessions',
  'apiTokens',
  'passwordResets',
  'twoFactor',
  'recoveryCodes',
  'articles',
  'tags',
  'articleTags',
  'favorites',
  'follows',
  'tagFollows',
  'savedArticles',
  'comments',
  'userControls',
  'counters',
  // Pending work moves with the site (a scheduled publication must still happen), and finished
  // rows keep their keys, so a digest already sent is not sent again. A job running on the old
  // site as it is copied arrives running under its old claim: once its lease is over, a runner
  // of the new site runs it again, as after any process that stopped mid-job (docs/decisions/0016).
  'jobs',
  'moderationLog',
  'reports',
  'notificationSettings',
  'articleMutes',
  // With the marks, a digest or instant mail already sent from the old site is not sent again.
  'notificationMailMarks',
  'sweepMarks',
  // An author's actor keys must move with the site: their followers' servers know them by these
  // keys, and would refuse what a new key signed. Their followers move with them.
  'actorKeys',
  'remoteFollowers',
  // The fediverse's favorites, boosts and replies, with the accounts they came from and those approved.
  'remoteActors',
  'remoteReactions',
  'remoteComments',
  'remoteApprovals',
  'domainBlocks',
  // After the fediverse's accounts and replies, which a notification may name (docs/decisions/0056).
  'notifications',
  // Notifications not yet written out (docs/decisions/0063): the target's runner writes them.
  'notificationQueue',
] as const satisfies ReadonlyArray<keyof Tables>;

/**
 * Every other table either engine has, by its SQL name, and why it is not
 * copied. test/db/copy-coverage.test.ts fails when a table is in neither list.
 */
export const SKIPPED_TABLES: Readonly<Record<string, string>> = {
  cache_versions:
    "the target's own cache stamps: neither copied nor emptied, since its triggers stamp every row as it arrives, after any stamp it had, so processes already serving the target see the copy",
  cache_versions_pending: 'PostgreSQL only: scopes noted during one open transaction (migration 0002), empty between transactions',
  __drizzle_migrations: "each database's own record of its migrations: the target's are applied before the copy, and the source must be at the same version",
  federation_kv:
    "Fedify's caches (remote actors, keys, documents) and its records of activities already handled: the target fetches afresh what it needs",
  failing_remotes: 'how long deliveries to a remote server have been failing: the target notes its own failures afresh',
  sqlite_sequence: "SQLite's own counters for AUTOINCREMENT ids, kept by SQLite as rows arrive",
  // Full-text search (./search-index.ts): the target's triggers index each article as it arrives.
  ...Object.fromEntries(
    [...new Set([...SEARCH_INDEX_TABLES.sqlite, ...SEARCH_INDEX_TABLES.postgres])].map((name) => [
      name,
      "the search index (FTS5's table and shadow tables on SQLite, article_search on PostgreSQL): rebuilt in the target by its own triggers as each article is copied in, so it matches the engine it is on",
    ]),
  ),
};

/**
 * Counts the database keeps beside rows (migrations sqlite/0005 and 0008,
 * postgres/0003 and 0004), with the triggers that keep them. The copy brings
 * each count as the source has it, so these triggers are held off while the
 * rows they count arrive: counting them again would double every count, and
 * on PostgreSQL an article updated once per batch of its favorites leaves a
 * version per update in one transaction, each walked by the next (the copy of
 * 100 000 articles did not finish). Afterwards each count is checked against
 * its rows, and any that differs is counted again.
 */
export const KEPT_COUNTS = [
  {
    table: 'articles',
    column: 'favorites_count',
    rows: 'favorites',
    key: 'article_id',
    counted: 'true',
    triggers: {
      sqlite: ['favorites_insert_count', 'favorites_delete_count', 'favorites_update_count'],
      postgres: ['favorites_count_insert', 'favorites_count_update', 'favorites_count_delete'],
    },
  },
  {
    table: 'tags',
    column: 'uses',
    rows: 'article_tags',
    key: 'tag_id',
    // Hidden articles' links are not counted (migrations sqlite/0017, postgres/0013).
    counted: 'article_tags.article_hidden_at IS NULL',
    triggers: {
      sqlite: ['article_tags_insert_uses', 'article_tags_delete_uses', 'article_tags_update_uses'],
      postgres: ['article_tags_uses_insert', 'article_tags_uses_update', 'article_tags_uses_delete'],
    },
  },
] as const;

/**
 * Holds off the counting triggers in `to`'s transaction and returns what
 * brings them back (before it commits). PostgreSQL disables them; SQLite,
 * which cannot, drops them and makes them again from the SQL it kept for them
 * (its DDL is transactional too).
 */
async function holdCountingTriggers(to: Db): Promise<() => Promise<void>> {
  if (to.engine === 'postgres') {
    const each = KEPT_COUNTS.flatMap(({ rows, triggers }) => triggers.postgres.map((trigger) => ({ rows, trigger })));
    for (const { rows, trigger } of each) await exec(to, sql.raw(`ALTER TABLE ${rows} DISABLE TRIGGER ${trigger}`));
    return async () => {
      // A table with deferred trigger events still queued (the cache stamps' flush, at commit) cannot
      // be altered: run them now. Nobody is served from the target yet, so stamping early is harmless.
      await exec(to, sql`SET CONSTRAINTS ALL IMMEDIATE`);
      for (const { rows, trigger } of each) await exec(to, sql.raw(`ALTER TABLE ${rows} ENABLE TRIGGER ${trigger}`));
    };
  }
  const names = KEPT_COUNTS.flatMap(({ triggers }) => triggers.sqlite);
  const kept = await rowsOf<{ name: string; sql: string }>(
    to,
    sql`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${sql.join(names.map((n) => sql`${n}`), sql`, `)})`,
  );
  const missing = names.filter((name) => !kept.some((t) => t.name === name));
  if (missing.length > 0) throw new Error(`The target has no trigger ${missing.join(', ')}: is it migrated?`);
  for (const { name } of kept) await exec(to, sql.raw(`DROP TRIGGER "${name}"`));
  return async () => {
    for (const trigger of kept) await exec(to, sql.raw(trigger.sql));
  };
}

/** Counts every kept count that differs from its rows again; returns how many differed. */
async function recountWhereDifferent(to: Db): Promise<number> {
  let differed = 0;
  for (const { table, column, rows, key, counted: which } of KEPT_COUNTS) {
    const counted = `(SELECT count(*) FROM ${rows} WHERE ${rows}.${key} = ${table}.id AND ${which})`;
    differed += await exec(to, sql.raw(`UPDATE ${table} SET ${column} = ${counted} WHERE ${column} <> ${counted}`));
  }
  return differed;
}

type TableName = (typeof COPIED_TABLES)[number];

/** Tables whose ids the database hands out: PostgreSQL's counters must continue after the copied ids. */
const IDENTITY_TABLES = ['users', 'articles', 'tags', 'comments', 'jobs', 'moderationLog', 'reports', 'notifications', 'notificationQueue'] as const satisfies readonly TableName[];

const BATCH = 500;

export interface CopyProgress {
  table: string;
  copied: number;
  total: number;
}

export interface CopyReport {
  counts: Record<string, number>;
  /** Kept counts (KEPT_COUNTS) that did not match their rows in the source, counted again in the target. */
  countsRepaired: number;
}

/** A copy refused before anything was written, with a message for the person running it. */
export class CopyRefusedError extends Error {}

/** Rows per table, read on `db`. */
async function countRows(db: Db): Promise<Record<TableName, number>> {
  const counts = {} as Record<TableName, number>;
  for (const name of COPIED_TABLES) {
    const [row] = await db.select({ n: count() }).from(db.t[name]);
    counts[name] = row?.n ?? 0;
  }
  return counts;
}

/** A table's primary key columns, to read it in a stable order. */
function keyColumns(db: Db, name: TableName): Column[] {
  const table = db.t[name];
  const config = db.engine === 'postgres' ? postgresTableConfig(table as unknown as PgTable) : sqliteTableConfig(table);
  const single = config.columns.filter((c) => c.primary);
  const names = (single.length > 0 ? single : (config.primaryKeys[0]?.columns ?? [])).map((c) => c.name);
  // The table's own column objects (a composite key's config holds copies).
  return names.map((columnName) => Object.values(getTableColumns(table)).find((c) => c.name === columnName)!);
}

/** Rows whose key sorts after `row`'s: a row-value comparison, which both engines have. */
function afterKey(keys: Column[], row: Record<string, unknown>): SQL {
  const fieldOf = (column: Column) => Object.entries(row).find(([field]) => field === jsName(column))?.[1];
  const columns = sql.join(keys.map((c) => sql`${c}`), sql`, `);
  const values = sql.join(keys.map((c) => sql`${fieldOf(c)}`), sql`, `);
  return sql`(${columns}) > (${values})`;
}

/** The property a column's value has in a selected row (the schema's key, e.g. userId for user_id). */
function jsName(column: Column): string {
  const entry = Object.entries(getTableColumns(column.table)).find(([, c]) => c.name === column.name);
  if (!entry) throw new Error(`no column ${column.name} in its table`);
  return entry[0];
}

/**
 * Copies every row of a site from `source` to `target` (either engine to
 * either), in one transaction on the target, from one consistent snapshot of
 * the source, so a site still serving can be copied from. The source must be
 * at this code's schema version and hold something; a target that holds
 * anything is refused unless `force`, which empties it first. The target
 * must not be serving: the copy holds its writer until it is done. Verifies
 * row counts at the end.
 */
export async function copySite(
  source: Database,
  target: Database,
  options: { force?: boolean; onProgress?: (progress: CopyProgress) => void } = {},
): Promise<CopyReport> {
  const applied = await appliedMigration(source);
  if (applied === undefined) throw new CopyRefusedError(`${source.description} is not a Conduit database (it has no migrations).`);
  if (applied !== newestMigration(source.engine)) {
    throw new CopyRefusedError(
      `${source.description} is at another schema version than this code: run this version of Conduit (or npm run db:migrate) on it first.`,
    );
  }

  let countsRepaired = 0;
  const counts = await source.snapshot(async (from) => {
    const totals = await countRows(from);
    if (totals.users === 0 && totals.articles === 0) throw new CopyRefusedError(`${source.description} holds no users and no articles: is it the right database?`);
    await target.transaction(async (to) => {
      // Checked in the writing transaction, so nothing written just before is deleted unasked.
      const existing = await countRows(to);
      const nonEmpty = COPIED_TABLES.filter((name) => existing[name] > 0);
      if (nonEmpty.length > 0 && !options.force) {
        throw new CopyRefusedError(`The target already holds data (${nonEmpty.join(', ')}); use --force to replace it.`);
      }
      const restoreCountingTriggers = await holdCountingTriggers(to);
      // Children first, so foreign keys never see an orphan.
      if (nonEmpty.length > 0) for (const name of [...COPIED_TABLES].reverse()) await to.delete(to.t[name]);
      for (const name of COPIED_TABLES) {
        const keys = keyColumns(from, name);
        let copied = 0;
        let after: SQL | undefined;
        options.onProgress?.({ table: name, copied, total: totals[name] });
        for (;;) {
          // Keyset pages (after the last key copied), so each page costs the same however far in.
          const batch = (await from
            .select()
            .from(from.t[name])
            .where(after)
            .orderBy(...keys.map((c) => asc(c)))
            .limit(BATCH)) as Array<Record<string, unknown>>;
          if (batch.length === 0) break;
          try {
            await to.insert(to.t[name]).values(batch as never);
          } catch (error) {
            if (!isUniqueViolation(error)) throw error;
            // PostgreSQL folds the case of every letter in lower(), SQLite only A to Z (docs/decisions/0014).
            throw new CopyRefusedError(
              `Two ${name} rows are one value on ${to.engine} (for users, most likely two emails or usernames that differ only in the case of a non-ASCII letter): resolve them in the source, then copy again. Nothing was written.`,
            );
          }
          copied += batch.length;
          options.onProgress?.({ table: name, copied, total: totals[name] });
          after = afterKey(keys, batch[batch.length - 1]!);
        }
      }
      await restoreCountingTriggers();
      countsRepaired = await recountWhereDifferent(to);
      if (to.engine === 'postgres') {
        for (const table of IDENTITY_TABLES.map((name) => getTableName(to.t[name]))) {
          await exec(to, sql.raw(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce((SELECT max(id) FROM ${table}), 0) + 1, false)`));
        }
      }
    });
    return totals;
  });

  const arrived = await countRows(target.db);
  const missing = COPIED_TABLES.filter((name) => arrived[name] !== counts[name]);
  if (missing.length > 0) {
    throw new Error(`Row counts differ after the copy: ${missing.map((n) => `${n} ${arrived[n]} of ${counts[n]}`).join(', ')}`);
  }
  return { counts, countsRepaired };
}
