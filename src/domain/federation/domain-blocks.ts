import { asc, count, eq, inArray, like, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { write } from '../../db/write-transaction.js';
import type { Writer } from '../clock.js';
import { actorOf, logAction, noteSchema } from '../moderation/moderation-log.js';
import { InvalidError } from '../errors.js';
import { authorize, type Acting } from '../moderation/permissions.js';
import { parseInput } from '../validation.js';

// Remote servers a moderator blocked (docs/decisions/0052): nothing is taken
// from them, nothing is sent to them, nothing is fetched from them. A block
// of "example.social" covers "media.example.social" too.

export interface DomainBlock {
  domain: string;
  note: string;
  createdAt: number;
}

/** A host name as blocks keep it: lower case, no port, no trailing dot; undefined when it is not one. */
export function domainOf(input: string): string | undefined {
  const text = input.trim().toLowerCase();
  if (text === '' || text.length > 253) return undefined;
  // A pasted URL or handle names its host too: "https://example.social/@x", "@x@example.social".
  const host = /^[a-z][a-z0-9+.-]*:\/\//.test(text) ? text : `http://${text.replace(/^@?[^@/]*@/, '')}`;
  if (!URL.canParse(host)) return undefined;
  const { hostname } = new URL(host);
  const name = hostname.replace(/\.$/, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(name) || /^\[[0-9a-f:.]+\]$/.test(name) ? name : undefined;
}

/** The host and every domain above it: "a.b.example" → a.b.example, b.example, example. */
function selfAndParents(host: string): string[] {
  if (host.startsWith('[')) return [host];
  const labels = host.split('.');
  return labels.map((_, i) => labels.slice(i).join('.'));
}

/** Whether `host` (a URL's host, with or without port) is a blocked domain or under one. */
export async function isDomainBlocked(db: Db, host: string): Promise<boolean> {
  const domain = domainOf(host);
  if (domain === undefined) return false;
  const { domainBlocks } = db.t;
  const [row] = await db.select({ id: domainBlocks.id }).from(domainBlocks).where(inArray(domainBlocks.domain, selfAndParents(domain))).limit(1);
  return row !== undefined;
}

/** Whether `url`'s host is blocked; an unparsable URL is not a host of anyone's. */
export async function isUrlBlocked(db: Db, url: string | URL): Promise<boolean> {
  if (typeof url === 'string' && !URL.canParse(url)) return false;
  return isDomainBlocked(db, new URL(url).host);
}

const blockInput = z.object({ domain: z.string({ error: 'must be a domain name' }), note: noteSchema }, { error: 'must be an object' });

const hostIsUnder = (url: string | null, domain: string): boolean => {
  if (url === null || !URL.canParse(url)) return false;
  const host = new URL(url).hostname.replace(/\.$/, '');
  return host === domain || host.endsWith(`.${domain}`);
};

/**
 * Blocks a domain (and its subdomains) and, in the same transaction, removes
 * every local author's followers there, so nothing is delivered to it again,
 * and every account of it we keep, so its favorites, boosts, replies (shown
 * or waiting) and what they notified leave with it (cascades); logged.
 * Blocking one already blocked changes nothing. Returns the domain as kept.
 */
export async function blockDomain({ db, now }: Writer, by: Acting, input: unknown): Promise<string> {
  authorize(by, 'block-domain');
  const { domain: text, note } = parseInput(blockInput, input ?? {});
  const domain = domainOf(text);
  if (domain === undefined) throw invalidDomain();
  return write(db, async (tx) => {
    const { domainBlocks, remoteFollowers } = tx.t;
    const at = now();
    const [made] = await tx
      .insert(domainBlocks)
      .values({ domain, blockedBy: by.id, note, createdAt: at })
      .onConflictDoNothing({ target: domainBlocks.domain })
      .returning({ id: domainBlocks.id });
    if (!made) return domain;
    // LIKE narrows to rows naming the domain somewhere; the host test decides.
    const pattern = `%${domain}%`;
    const named = await tx
      .select({ id: remoteFollowers.id, actorId: remoteFollowers.actorId, inbox: remoteFollowers.inbox, sharedInbox: remoteFollowers.sharedInbox })
      .from(remoteFollowers)
      .where(or(like(remoteFollowers.actorId, pattern), like(remoteFollowers.inbox, pattern), like(remoteFollowers.sharedInbox, pattern)));
    const gone = named.filter((f) => [f.actorId, f.inbox, f.sharedInbox].some((url) => hostIsUnder(url, domain))).map((f) => f.id);
    for (let i = 0; i < gone.length; i += 500) await tx.delete(remoteFollowers).where(inArray(remoteFollowers.id, gone.slice(i, i + 500)));
    const left = await removeAccountsUnder(tx, domain, pattern);
    const removed = [
      gone.length === 0 ? '' : `${gone.length} ${gone.length === 1 ? 'follower' : 'followers'} removed`,
      left.reactions === 0 ? '' : `${left.reactions} ${left.reactions === 1 ? 'favorite or boost' : 'favorites and boosts'} removed`,
      left.replies === 0 ? '' : `${left.replies} ${left.replies === 1 ? 'reply' : 'replies'} removed`,
    ];
    await logAction(tx, { actor: actorOf(by), action: 'block-domain', target: { type: 'domain', id: made.id, label: domain }, note: [note, ...removed].filter(Boolean).join('; ') }, at);
    return domain;
  });
}

/** Removes the remote accounts under `domain` (their reactions, replies, approvals and notifications go by cascade); says how much went. */
async function removeAccountsUnder(tx: Db, domain: string, pattern: string): Promise<{ reactions: number; replies: number }> {
  const { remoteActors, remoteReactions, remoteComments } = tx.t;
  const named = await tx.select({ id: remoteActors.id, uri: remoteActors.uri }).from(remoteActors).where(like(remoteActors.uri, pattern));
  const ids = named.filter((a) => hostIsUnder(a.uri, domain)).map((a) => a.id);
  let reactions = 0;
  let replies = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const some = ids.slice(i, i + 500);
    const [r] = await tx.select({ n: count() }).from(remoteReactions).where(inArray(remoteReactions.actorId, some));
    const [c] = await tx.select({ n: count() }).from(remoteComments).where(inArray(remoteComments.actorId, some));
    reactions += Number(r?.n ?? 0);
    replies += Number(c?.n ?? 0);
    await tx.delete(remoteActors).where(inArray(remoteActors.id, some));
  }
  return { reactions, replies };
}

/** Lifts the block of exactly `domain`; logged. One not blocked changes nothing. */
export async function unblockDomain({ db, now }: Writer, by: Acting, input: unknown): Promise<void> {
  authorize(by, 'block-domain');
  const { domain: text, note } = parseInput(blockInput, input ?? {});
  const domain = domainOf(text);
  if (domain === undefined) throw invalidDomain();
  await write(db, async (tx) => {
    const { domainBlocks } = tx.t;
    const [gone] = await tx.delete(domainBlocks).where(eq(domainBlocks.domain, domain)).returning({ id: domainBlocks.id });
    if (gone) await logAction(tx, { actor: actorOf(by), action: 'unblock-domain', target: { type: 'domain', id: gone.id, label: domain }, note }, now());
  });
}

/** Every blocked domain, in order, for moderators. */
export async function listDomainBlocks(db: Db, viewer: Acting): Promise<DomainBlock[]> {
  authorize(viewer, 'block-domain');
  const { domainBlocks } = db.t;
  return db.select({ domain: domainBlocks.domain, note: domainBlocks.note, createdAt: domainBlocks.createdAt }).from(domainBlocks).orderBy(asc(domainBlocks.domain));
}

function invalidDomain() {
  return new InvalidError({ domain: ['must be a domain name such as example.social'] });
}
