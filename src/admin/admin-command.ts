// `npm run admin -- grant EMAIL admin|moderator`: gives a user a role (how a new site gets its first admin).
// `npm run admin -- revoke EMAIL`: makes them a member again.
// Exit codes: 0 done (or nothing to change), 1 no such user, 2 a usage error.
import { loadConfigOrExit } from '../config.js';
import { openDatabase } from '../db/open.js';
import { InvalidError, NotFoundError } from '../domain/errors.js';
import { changeRole } from '../domain/moderation/role-changes.js';
import { GRANTABLE } from '../domain/moderation/roles.js';

const usage = `Usage: npm run admin -- grant EMAIL ${GRANTABLE.join('|')}
       npm run admin -- revoke EMAIL`;

type Parsed = { email: string; role: string } | 'help' | undefined;

function parse(args: string[]): Parsed {
  const [command, email, role, ...rest] = args;
  if (args.length === 1 && (command === '--help' || command === '-h')) return 'help';
  if (!email || rest.length > 0) return undefined;
  if (command === 'grant' && role !== undefined) return { email, role };
  if (command === 'revoke' && role === undefined) return { email, role: 'member' };
  return undefined;
}

async function main(args: string[]): Promise<number> {
  const parsed = parse(args);
  if (parsed === 'help') {
    console.log(usage);
    return 0;
  }
  if (!parsed) {
    console.error(usage);
    return 2;
  }
  if (parsed.role !== 'member' && !(GRANTABLE as readonly string[]).includes(parsed.role)) {
    console.error(`"${parsed.role}" is not a role that can be granted: use ${GRANTABLE.join(' or ')}.\n${usage}`);
    return 2;
  }
  const config = loadConfigOrExit();
  const database = await openDatabase(config);
  try {
    // The operator's own clock: the command runs outside any test.
    const result = await changeRole({ db: database.db, now: Date.now }, 'command-line', { email: parsed.email }, parsed.role);
    const article = result.role === 'admin' ? 'an' : 'a';
    console.log(result.changed ? `${result.username} is now ${article} ${result.role}.` : `${result.username} is already ${article} ${result.role}; nothing changed.`);
    return 0;
  } catch (error) {
    if (error instanceof NotFoundError) {
      console.error(`No user has the email ${parsed.email}.`);
      return 1;
    }
    if (error instanceof InvalidError) {
      console.error(Object.values(error.fields).flat().join('\n'));
      return 2;
    }
    throw error;
  } finally {
    await database.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
