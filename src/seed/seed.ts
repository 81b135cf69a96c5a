import type { Config } from '../config.js';
import { createPasswordHasher } from '../domain/accounts/password-hashing.js';
import { slugify } from '../domain/publishing/slugs.js';
import type { Database, Db } from '../db/database.js';
import { seedArticles, seedComments, seedFavorites, seedFollows, seedPassword, seedUsers } from './seed-data.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
// A fixed "now" keeps the seed deterministic; every date lies before it.
const SEED_EPOCH = Date.UTC(2026, 9, 1, 12, 0, 0);

export async function isEmpty(db: Db): Promise<boolean> {
  const { users } = db.t;
  return (await db.select({ id: users.id }).from(users).limit(1)).length === 0;
}

/**
 * Fills an empty database with the demo community. Refuses to run over real
 * data unless `force` is set, which first empties the content tables.
 */
export async function seedDatabase(database: Database, config: Config, options: { force?: boolean } = {}): Promise<void> {
  const { db } = database;
  if (!(await isEmpty(db)) && !options.force) {
    throw new Error('The database already holds data; refusing to seed over it (use --force to replace everything).');
  }
  const hasher = createPasswordHasher({ ...config.argon2, allowCommon: true });
  // Hash before the transaction: a transaction awaits nothing but its own statements.
  const hashes = await Promise.all(seedUsers.map(() => hasher.hash(seedPassword)));

  await database.transaction(async (tx) => {
    const { articles, articleTags, comments, favorites, follows, tags, users } = tx.t;
    if (options.force) {
      for (const table of [comments, favorites, follows, articleTags, tags, articles, users]) await tx.delete(table);
    }
    const userIds = new Map<string, number>();
    for (const [i, u] of seedUsers.entries()) {
      const at = SEED_EPOCH - 500 * DAY + i * HOUR;
      const [{ id }] = (await tx
        .insert(users)
        .values({ username: u.username, email: u.email, passwordHash: hashes[i]!, bio: u.bio, image: u.image, createdAt: at, updatedAt: at })
        .returning({ id: users.id })) as [{ id: number }];
      userIds.set(u.username, id);
    }
    const userId = (name: string) => {
      const id = userIds.get(name);
      if (id === undefined) throw new Error(`seed data names an unknown user: ${name}`);
      return id;
    };

    const tagIds = new Map<string, number>();
    const articleIds: number[] = [];
    const createdAts: number[] = [];
    const slugs = new Set<string>();
    for (const [i, a] of seedArticles.entries()) {
      const createdAt = SEED_EPOCH - a.daysAgo * DAY + a.hour * HOUR;
      let slug = slugify(a.title);
      for (let n = 2; slugs.has(slug); n++) slug = `${slugify(a.title)}-${n}`;
      slugs.add(slug);
      const [{ id }] = (await tx
        .insert(articles)
        .values({ slug, title: a.title, description: a.description, body: a.body, authorId: userId(a.author), createdAt, updatedAt: createdAt })
        .returning({ id: articles.id })) as [{ id: number }];
      articleIds[i] = id;
      createdAts[i] = createdAt;
      for (const name of new Set(a.tags)) {
        let tagId = tagIds.get(name);
        if (tagId === undefined) {
          [{ id: tagId }] = (await tx.insert(tags).values({ name, createdAt }).returning({ id: tags.id })) as [{ id: number }];
          tagIds.set(name, tagId);
        }
        await tx.insert(articleTags).values({ articleId: id, tagId, articleCreatedAt: createdAt });
      }
    }
    const articleAt = (index: number) => {
      const id = articleIds[index];
      if (id === undefined) throw new Error(`seed data names an unknown article: ${index}`);
      return { id, createdAt: createdAts[index]! };
    };

    for (const c of seedComments) {
      const article = articleAt(c.article);
      const at = article.createdAt + c.hoursAfter * HOUR;
      await tx.insert(comments).values({ articleId: article.id, authorId: userId(c.author), body: c.body, createdAt: at, updatedAt: at });
    }
    for (const [i, [follower, followee]] of seedFollows.entries()) {
      await tx.insert(follows).values({ followerId: userId(follower), followeeId: userId(followee), createdAt: SEED_EPOCH - i * HOUR });
    }
    // Each article's favorites_count is kept by the database's triggers as these arrive.
    for (const [i, [username, index]] of seedFavorites.entries()) {
      const article = articleAt(index);
      await tx.insert(favorites).values({ userId: userId(username), articleId: article.id, createdAt: SEED_EPOCH - i * HOUR });
    }
  });
}
