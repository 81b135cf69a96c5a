import { removeAccount } from '../accounts/account-deletion.js';
import { write } from '../../db/write-transaction.js';
import type { Writer } from '../clock.js';
import { InvalidError } from '../errors.js';
import { actorOf, logAction, moderationNote } from './moderation-log.js';
import { authorize, type Acting } from './permissions.js';
import { lockedUser } from './suspension.js';

/**
 * An admin deletes a spam account with everything it wrote, in one
 * transaction with its log entry: the same deletion as "Delete your account"
 * (the foreign keys cascade; the database's triggers keep favorite counts and
 * tag counts right). Moderators and admins are not deleted this way: their
 * role is revoked first.
 */
export async function deleteSpamAccount({ db, now }: Writer, by: Acting, username: string, input?: unknown): Promise<void> {
  authorize(by, 'delete-account');
  const note = moderationNote(input);
  await write(db, async (tx) => {
    const user = await lockedUser(tx, username);
    if (user.id === by.id) throw new InvalidError({ user: ['cannot be yourself: use "Delete your account" in your settings'] });
    if (user.role !== 'member') throw new InvalidError({ user: [`is ${user.role === 'admin' ? 'an admin' : 'a moderator'}: revoke the role first`] });
    await logAction(tx, { actor: actorOf(by), action: 'delete-account', target: { type: 'user', id: user.id, label: user.username }, note }, now());
    await removeAccount(tx, user.id, now());
  });
}
