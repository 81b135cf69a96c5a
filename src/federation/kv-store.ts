import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from '@fedify/fedify';
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Clock } from '../domain/clock.js';
import type { Db } from '../db/database.js';
import { write } from '../db/write-transaction.js';

// Fedify's key–value store on our own database, either engine (docs/decisions/0039):
// the `federation_kv` table. A key is the JSON of Fedify's key array, so the
// entries under a prefix are the rows whose key starts with the prefix's JSON
// less its closing bracket, then a comma; a value is JSON. A row past its
// `expires_at` counts as absent (and is overwritten by the next set).

export const encodeKey = (key: KvKey): string => JSON.stringify(key);

export class DatabaseKvStore implements KvStore {
  constructor(
    private readonly db: Db,
    private readonly now: Clock,
  ) {}

  private live() {
    const { federationKv } = this.db.t;
    return or(isNull(federationKv.expiresAt), gt(federationKv.expiresAt, this.now()));
  }

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const { federationKv } = this.db.t;
    const [row] = await this.db
      .select({ value: federationKv.value })
      .from(federationKv)
      .where(and(eq(federationKv.key, encodeKey(key)), this.live()));
    return row === undefined ? undefined : (JSON.parse(row.value) as T);
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    const ttl = options?.ttl?.total({ unit: 'millisecond' });
    const row = { key: encodeKey(key), value: JSON.stringify(value) ?? 'null', expiresAt: ttl === undefined ? null : this.now() + ttl };
    await write(this.db, async (tx) => {
      const { federationKv } = tx.t;
      await tx
        .insert(federationKv)
        .values(row)
        .onConflictDoUpdate({ target: federationKv.key, set: { value: row.value, expiresAt: row.expiresAt } });
    });
  }

  async delete(key: KvKey): Promise<void> {
    await write(this.db, async (tx) => {
      const { federationKv } = tx.t;
      await tx.delete(federationKv).where(eq(federationKv.key, encodeKey(key)));
    });
  }

  async *list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
    const { federationKv } = this.db.t;
    let under = undefined;
    if (prefix !== undefined) {
      const exact = encodeKey(prefix);
      const start = `${exact.slice(0, -1)},`;
      // substr rather than LIKE: nothing in a key needs escaping, and both engines count from 1.
      under = or(eq(federationKv.key, exact), sql`substr(${federationKv.key}, 1, ${start.length}) = ${start}`);
    }
    const rows = await this.db
      .select({ key: federationKv.key, value: federationKv.value })
      .from(federationKv)
      .where(and(this.live(), under))
      .orderBy(federationKv.key);
    for (const row of rows) yield { key: JSON.parse(row.key) as KvKey, value: JSON.parse(row.value) as unknown };
  }
}

/** Entries past their time: the purge job removes them (reads already ignore them). */
export async function purgeExpiredKv(db: Db, now: number): Promise<void> {
  await write(db, async (tx) => {
    const { federationKv } = tx.t;
    await tx.delete(federationKv).where(sql`${federationKv.expiresAt} <= ${now}`);
  });
}
