/**
 * Deterministic demo data for Conduit: users, articles, comments, follows and favorites.
 *
 * Pure data: no imports, no database code, no randomness and no clock. A seeder turns
 * `daysAgo` + `hour` into a createdAt (that many days before today, at that hour) and a
 * comment's `hoursAfter` into an offset from its article's createdAt. Every comment lands
 * before the start of "today", so nothing is dated in the future.
 *
 * Articles and favorites refer to articles by their index in `seedArticles`.
 */

export interface SeedUser {
  username: string;
  email: string;
  bio: string;
  image: string | null;
}

export interface SeedArticle {
  author: string;
  title: string;
  description: string;
  body: string;
  tags: string[];
  daysAgo: number;
  hour: number;
}

export interface SeedComment {
  /** Index into `seedArticles`. */
  article: number;
  author: string;
  body: string;
  hoursAfter: number;
}

/** The one demo password shared by every seeded account. */
export const seedPassword = 'demo-reader-2026';

export const seedUsers: SeedUser[] = [
  {
    username: 'johndoe',
    email: 'john@example.com',
    bio: 'Backend developer in Portland who likes boring technology and loud espresso machines. I write mostly about TypeScript, Node.js and the occasional Python script.',
    image: '/avatars/johndoe.svg',
  },
  {
    username: 'ana_costa',
    email: 'ana.costa@example.com',
    bio: 'Home cook and former line cook from Porto. I write recipes that fit into a Tuesday evening.',
    image: '/avatars/ana_costa.svg',
  },
  {
    username: 'mkowalski',
    email: 'marek.kowalski@example.com',
    bio: 'Database engineer in Kraków. I have opinions about indexes and I am not afraid to share them.',
    image: null,
  },
  {
    username: 'priya-raman',
    email: 'priya.raman@example.com',
    bio: 'Staff engineer working on developer tooling. I care about type systems, code review and helping people grow.',
    image: '/avatars/priya-raman.svg',
  },
  {
    username: 'liam_obrien',
    email: 'liam.obrien@example.com',
    bio: 'Amateur marathoner and long-distance walker based in Dublin. Usually outside, occasionally lost.',
    image: null,
  },
  {
    username: 'sofia_marquez',
    email: 'sofia.marquez@example.com',
    bio: 'Travel and street photographer splitting my time between Lisbon and Madrid. I shoot mostly with a battered 35mm prime.',
    image: '/avatars/sofia_marquez.svg',
  },
  {
    username: 'kenji-tanaka',
    email: 'kenji.tanaka@example.com',
    bio: 'Jazz guitarist, record collector and part-time music teacher in Osaka.',
    image: null,
  },
  {
    username: 'elena_petrova',
    email: 'elena.petrova@example.com',
    bio: 'Balcony gardener and plant-obsessed librarian. If it grows in a pot, I have probably tried it.',
    image: '/avatars/elena_petrova.svg',
  },
  {
    username: 'tom_baker',
    email: 'tom.baker@example.com',
    bio: 'Site reliability engineer who automates everything twice. I write about deploys, backups and calm on-call weeks.',
    image: null,
  },
  {
    username: 'grace-hopkins',
    email: 'grace.hopkins@example.com',
    bio: 'Rust enthusiast and lifelong reader. I keep a spreadsheet of every book I have finished since 2019.',
    image: null,
  },
];

// Small Markdown builders so the article bodies below stay readable.
const h = (title: string): string => `## ${title}`;
const ul = (...items: string[]): string => items.map((item) => `- ${item}`).join('\n');
const ol = (...items: string[]): string => items.map((item, i) => `${i + 1}. ${item}`).join('\n');
const code = (lang: string, src: string): string => '```' + lang + '\n' + src.replace(/^\n/, '').trimEnd() + '\n```';
const md = (...blocks: string[]): string => blocks.join('\n\n');

export const seedArticles: SeedArticle[] = [
  // 0
  {
    author: 'johndoe',
    title: 'Why I Stopped Writing Clever TypeScript',
    description: 'Conditional types are fun until someone else has to debug them at two in the morning.',
    tags: ['typescript', 'career'],
    daysAgo: 1,
    hour: 9,
    body: md(
      "For about a year I was proud of the types I wrote. I had mapped types that derived API clients from route tables, conditional types that inferred permissions from string literals, and a `DeepPartial` helper I copied into every project. Then a new teammate spent two days trying to understand why a single form field would not compile, and I realised the cleverness was a tax everyone else was paying.",
      h('What clever looked like'),
      code('ts', `
type DeepReadonly<T> = T extends (infer U)[]
  ? ReadonlyArray<DeepReadonly<U>>
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
`),
      'It works, and it is even elegant. But the error messages it produces are three screens long, and editor hovers show an expanded type nobody can read.',
      h('Rules I follow now'),
      ul(
        'Prefer a plain `interface` over a derived type when the shape is stable.',
        'Write the type a reader expects to see, even if it repeats a few fields.',
        'Reach for generics only when a function is genuinely used with several types.',
        'If a type needs a comment to explain how it works, it probably needs to be simpler.',
      ),
      h('What I kept'),
      'I still use discriminated unions everywhere, and `satisfies` has replaced most of my old tricks. The difference is that these features make code easier to read, not harder. My colleague Priya wrote a great [piece on discriminated unions](https://example.com/articles/discriminated-unions) that covers the pattern better than I could.',
      'Boring types ship. Clever types get rewritten by the next person, usually at the worst possible moment.',
    ),
  },
  // 1
  {
    author: 'ana_costa',
    title: 'A Weeknight Shakshuka That Never Lets Me Down',
    description: 'Eggs poached in a spiced tomato sauce, on the table in about thirty minutes.',
    tags: ['recipes'],
    daysAgo: 2,
    hour: 19,
    body: md(
      'Shakshuka is the dish I make when the fridge looks empty and everyone is hungry. You need a can of tomatoes, a few eggs, an onion and whatever peppers are going soft in the drawer. Everything happens in one pan, and the leftovers, if there are any, make an excellent lunch.',
      h('Ingredients'),
      ul(
        '1 large onion, thinly sliced',
        '2 red peppers, cut into strips',
        '3 cloves of garlic, crushed',
        '1 can (400 g) of whole tomatoes',
        '1 tsp each of ground cumin and smoked paprika',
        '4 to 6 eggs',
        'Feta, parsley and crusty bread to serve',
      ),
      h('Method'),
      ol(
        'Soften the onion and peppers in olive oil over medium heat for about ten minutes.',
        'Add the garlic and spices and cook for one more minute, until fragrant.',
        'Crush in the tomatoes, season with salt, and simmer until the sauce thickens.',
        'Make small wells, crack in the eggs, cover the pan and cook until the whites are just firm.',
      ),
      'I keep the timings on a sticky note inside the cupboard door, because I always forget them:',
      code('text', `
onions + peppers   10 min      medium heat
spices             1 min
tomato sauce       10-12 min   low simmer
eggs, lid on       6-8 min     whites firm, yolks soft
`),
      h('Small tweaks'),
      "If your sauce tastes sharp, a pinch of sugar fixes it. For a smoky version, swap half the paprika for chipotle. The one rule I never break: keep the heat on `low` once the eggs go in, or the bottoms will burn before the tops cook. There is a longer discussion of egg timing in my [notes on poaching](https://example.com/recipes/poached-eggs-guide).",
    ),
  },
  // 2
  {
    author: 'mkowalski',
    title: 'Reading a Postgres Query Plan Without Panicking',
    description: 'A practical walk through EXPLAIN ANALYZE output, one node at a time.',
    tags: ['databases', 'sql'],
    daysAgo: 3,
    hour: 14,
    body: md(
      'The first time someone pastes an `EXPLAIN ANALYZE` output into a chat, it looks like a wall of numbers. It is actually a tree, and once you learn to read it from the inside out, most slow queries explain themselves.',
      h('Start with a real plan'),
      code('sql', `
EXPLAIN (ANALYZE, BUFFERS)
SELECT a.title, count(c.id) AS comments
FROM articles a
LEFT JOIN comments c ON c.article_id = a.id
WHERE a.created_at > now() - interval '30 days'
GROUP BY a.id
ORDER BY comments DESC
LIMIT 10;
`),
      'Postgres prints the plan with the most deeply indented nodes executed first. Each node reports an estimated row count and, with `ANALYZE`, the actual row count and time.',
      h('What to look for'),
      ol(
        'Compare estimated rows to actual rows. A difference of ten times or more usually means stale statistics, so try running `ANALYZE articles` first.',
        'Find the node with the largest actual time. Times are cumulative, so subtract the children to see what the node itself cost.',
        'Watch for `Seq Scan` on large tables inside a nested loop. That is the classic missing index.',
        'Check `Buffers: shared read` to see how much data came from disk rather than cache.',
      ),
      h('A common surprise'),
      'A sequential scan is not always bad. If the query reads a large share of the table, scanning it in order is cheaper than jumping around an index. The planner knows this, and it is usually right.',
      'When I need a second opinion, I paste plans into a visualiser like the one described in [this plan reading guide](https://example.com/postgres/explain-visualised). Seeing the tree as boxes makes the expensive branch jump out immediately.',
    ),
  },
  // 3
  {
    author: 'sofia_marquez',
    title: 'Golden Hour in Lisbon: A Photo Walk',
    description: 'A route through Alfama and Graça timed for the best evening light.',
    tags: ['photography', 'travel'],
    daysAgo: 4,
    hour: 8,
    body: md(
      'Lisbon is built on seven hills, which means that in the hour before sunset there is always a street where the light runs straight down the cobbles. This is the walk I give friends when they visit with a camera and only one evening to spare.',
      h('The route'),
      ol(
        'Start at Miradouro de Santa Luzia about ninety minutes before sunset, while the tiles are still lit from the side.',
        'Drop down into Alfama and follow the stairs toward Rua de São Miguel. Laundry, cats and neighbours make the best frames here.',
        'Climb to Miradouro da Graça for the last light over the castle.',
        'Finish at Senhora do Monte once the city lights come on.',
      ),
      h('Settings that work'),
      'The streets are narrow and the contrast is extreme, so I expose for the highlights and lift the shadows later. My usual starting point:',
      code('text', `
mode:      aperture priority
aperture:  f/5.6 to f/8
iso:       auto, max 3200
exposure:  -0.7 EV
lens:      35mm prime
`),
      'If you photograph people, ask first, or at least smile and show them the picture. Most neighbours in Alfama are used to cameras but appreciate the courtesy. A quick `obrigada` goes a long way.',
      h('What to bring'),
      ul(
        'A small bag; the stairs are steep and crowded.',
        'Comfortable shoes with grip, because the limestone is polished smooth.',
        'A spare battery, because you will take more photos than planned.',
      ),
      'I put together a [map of the walk](https://example.com/maps/lisbon-golden-hour) with the exact viewpoints pinned.',
    ),
  },
  // 4
  {
    author: 'kenji-tanaka',
    title: 'Learning Jazz Standards by Ear',
    description: 'Why I stopped reaching for the lead sheet and started transcribing again.',
    tags: ['music'],
    daysAgo: 6,
    hour: 21,
    body: md(
      'For years I learned standards from a fake book. I could read the changes, play the melody and take a chorus, but my solos sounded like someone reading aloud. Things changed when a teacher made me put the book away and learn every tune from a recording first.',
      h('My process'),
      ol(
        'Pick one recording and listen to it every day for a week, without playing.',
        'Sing the melody until you can do it without the track.',
        'Find the melody on your instrument, one phrase at a time.',
        'Work out the bass line, because it tells you the harmony.',
        'Only then check a lead sheet, and notice where it disagrees with the record.',
      ),
      h('Slowing things down'),
      'Fast bebop lines are impossible to hear at full speed. I use a small loop around `ffmpeg` to make half-speed copies without changing the pitch:',
      code('bash', `
for f in *.mp3; do
  ffmpeg -i "$f" -filter:a "atempo=0.5" "slow-$f"
done
`),
      h('Tunes to start with'),
      ul(
        'Autumn Leaves, for its clear ii-V-I movement',
        'Blue Bossa, short and forgiving',
        'All the Things You Are, once you are ready for key changes',
        'Footprints, to get comfortable with the minor blues',
      ),
      'It is slower than reading, and that is the point. The tunes stick, and the phrasing you absorb from the players on the record ends up in your own lines. I keep a [list of recordings](https://example.com/music/standards-by-ear) I recommend to students.',
    ),
  },
  // 5
  {
    author: 'elena_petrova',
    title: 'Raised Beds on a Budget',
    description: 'How I built three productive raised beds for less than the price of one kit.',
    tags: ['gardens'],
    daysAgo: 7,
    hour: 7,
    body: md(
      'Garden centre raised bed kits are lovely and expensive. Last spring I built three beds from untreated scaffold boards for my allotment, and they have survived one wet winter without complaint. Here is what I did, and what I would change.',
      h('Materials'),
      ul(
        'Six untreated scaffold boards, cut to 1.2 m and 2.4 m lengths',
        'Four corner posts per bed, made from offcuts',
        'Galvanised screws, roughly sixteen per bed',
        'Cardboard to smother the grass underneath',
        'A mix of topsoil, compost and well-rotted manure',
      ),
      h('Filling without going broke'),
      'Filling a bed costs more than building it. I use the lasagne method: woody prunings at the bottom, then cardboard, then grass clippings and leaves, and a good layer of bought compost on top. The bed sinks over the first season, so plan to top it up.',
      code('text', `
layer              depth
-----------------  -------
topsoil + compost  15 cm
leaves, clippings  10 cm
cardboard          1 layer
prunings, sticks   10 cm
`),
      h('Lessons'),
      ol(
        'Make beds no wider than 1.2 m so you can reach the middle from either side.',
        'Leave paths wide enough for a wheelbarrow.',
        'Line the inside walls with old compost bags to slow rot, but leave the bottom open.',
      ),
      'I track what goes into each bed in a small notebook, with pages labelled `BED-A`, `BED-B` and `BED-C`, which makes crop rotation much easier. There is a good [guide to no-dig beds](https://example.com/gardens/no-dig-basics) if you want to go further.',
    ),
  },
  // 6
  {
    author: 'priya-raman',
    title: 'Discriminated Unions Are the Best Part of TypeScript',
    description: 'Model states explicitly and let the compiler check every branch for you.',
    tags: ['typescript', 'javascript'],
    daysAgo: 8,
    hour: 11,
    body: md(
      'If I could teach only one TypeScript feature to a team new to the language, it would be discriminated unions. They turn a tangle of optional fields into a small set of named states, and the compiler makes sure you handle each one.',
      h('The problem with optional fields'),
      code('ts', `
interface RequestState {
  loading: boolean;
  data?: User[];
  error?: string;
}
`),
      'This type allows nonsense: loading with an error, data and an error at once, or nothing at all. Every consumer has to guess which combinations are real.',
      h('Name the states instead'),
      code('ts', `
type RequestState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'success'; data: User[] }
  | { status: 'failure'; error: string };

function render(state: RequestState): string {
  switch (state.status) {
    case 'idle': return 'Nothing yet';
    case 'loading': return 'Loading...';
    case 'success': return state.data.map((u) => u.name).join(', ');
    case 'failure': return state.error;
  }
}
`),
      'Inside each `case`, TypeScript narrows the type, so `state.data` only exists where it should.',
      h('Making it exhaustive'),
      ul(
        'Enable `strict` and `noImplicitReturns` so a missing case is an error.',
        'Add a `default` branch that assigns to `never` when you want a loud failure.',
        'Keep the tag field name consistent across your codebase; we use `kind` for domain objects and `status` for async state.',
      ),
      'Once you start, you will see these shapes everywhere: payment states, form steps, websocket messages. The [TypeScript handbook section on narrowing](https://example.com/typescript/narrowing) is worth a careful read.',
    ),
  },
  // 7
  {
    author: 'liam_obrien',
    title: 'My First Marathon Training Block, Week by Week',
    description: 'Sixteen weeks, one stubborn calf and what I learned getting to the start line.',
    tags: ['fitness'],
    daysAgo: 9,
    hour: 6,
    body: md(
      'I signed up for the Dublin Marathon on a whim in May and then spent a week panicking. I had run half marathons before, but never more than 25 km. What follows is the plan I actually followed, not the one I printed out.',
      h('The shape of the plan'),
      code('text', `
weeks 1-4    base     35-45 km/week, all easy
weeks 5-8    build    45-60 km/week, add tempo runs
weeks 9-13   peak     60-70 km/week, long run up to 32 km
weeks 14-16  taper    cut volume by 20% each week
`),
      h('What worked'),
      ul(
        'Running most kilometres slowly. My easy pace was almost a minute per kilometre slower than race pace.',
        'One long run every weekend, increased by no more than ten percent at a time.',
        'Practising race-day fuelling on long runs, gels included.',
      ),
      h('What did not'),
      'In week ten my left calf tightened up and I ignored it for four days. That cost me almost two weeks. If something hurts in the same place on two runs in a row, stop and follow a simple rule:',
      ol('Rest for two days.', 'Try an easy 5 km.', 'If it still hurts, see a physio before the next long run.'),
      'I logged every run in a plain text file, one line each, like `2024-08-14 12.0km easy 6:10/km`. Simple, and easy to search later. I finished in 3:58, and I owe a lot to this [beginner marathon guide](https://example.com/running/first-marathon).',
    ),
  },
  // 8
  {
    author: 'tom_baker',
    title: 'The Two-List Method for Getting Things Done',
    description: 'A deliberately simple system for people who have abandoned every productivity app.',
    tags: ['productivity'],
    daysAgo: 11,
    hour: 10,
    body: md(
      'I have tried most task managers on the market. Each one worked for about three weeks, until maintaining the system became a task in itself. These days I keep exactly two lists, and it has stuck for over a year.',
      h('The two lists'),
      ol('**Today**: no more than five items, written the night before.', '**Later**: everything else, in no particular order.'),
      'That is all. There are no projects, contexts, priorities or due dates. If something has a hard deadline, it goes in the calendar, not the list.',
      h('The file'),
      'Both lists live in one Markdown file, `todo.md`, which syncs across my machines:',
      code('markdown', `
# Today
- [ ] Review Grace's backup PR
- [ ] Renew TLS certificates on staging
- [ ] Call the dentist

# Later
- Write the post-mortem for the queue outage
- Replace the flaky disk in the NAS
`),
      h('The nightly review'),
      ul(
        'Move anything finished out of Today.',
        'Pick up to five items from Later.',
        'Delete anything from Later that has sat there for a month and no longer matters.',
      ),
      'The last step is the secret. A list you are afraid to read is a list you stop reading. Deleting old items feels wrong at first, but if something truly matters, it will come back. I borrowed the idea from [this essay on small systems](https://example.com/productivity/small-systems).',
    ),
  },
  // 9
  {
    author: 'grace-hopkins',
    title: 'Five Novels That Changed How I Think About Time',
    description: 'Books that bend chronology, and why they stayed with me long after the last page.',
    tags: ['books'],
    daysAgo: 12,
    hour: 20,
    body: md(
      'I keep a reading log, and when I looked back over five years of it, I noticed a pattern: the books I remember best all play with time. Not science fiction time travel, mostly, but stories that refuse to be told in order.',
      h('The list'),
      ol(
        '**Slaughterhouse-Five** by Kurt Vonnegut. Billy Pilgrim comes unstuck in time, and the structure makes grief feel strangely bearable.',
        '**Cloud Atlas** by David Mitchell. Six nested stories that open forward and close backward.',
        '**A Visit from the Goon Squad** by Jennifer Egan. One chapter is a slide deck, and it works.',
        '**Life After Life** by Kate Atkinson. Ursula dies and starts again, over and over.',
        "**Time's Arrow** by Martin Amis. Told in reverse, and more disturbing for it.",
      ),
      h('Why they work'),
      'Each of these novels uses structure to say something the plot alone could not. Reading them, I started paying attention to how stories are ordered, not just what happens in them.',
      h('How I track them'),
      'My log is a CSV file with one row per book. The column I added last year, `structure`, is what revealed the pattern:',
      code('csv', `
title,author,finished,rating,structure
Cloud Atlas,David Mitchell,2021-03-02,5,nested
Life After Life,Kate Atkinson,2022-07-19,4,looping
Time's Arrow,Martin Amis,2023-01-08,4,reverse
`),
      'If you want more in this vein, this [list of nonlinear novels](https://example.com/books/nonlinear-fiction) is a good place to start.',
    ),
  },
  // 10
  {
    author: 'johndoe',
    title: 'Structured Logging in Node.js Services',
    description: 'Stop grepping free-form strings and start logging events you can actually query.',
    tags: ['javascript', 'devops'],
    daysAgo: 14,
    hour: 15,
    body: md(
      'Our old service logged lines like `User 42 failed login from 10.0.0.3`. It looked fine in a terminal and was useless in production, because every message had a slightly different format. Moving to structured JSON logs was one of the cheapest reliability wins we ever made.',
      h('The basic idea'),
      'Every log line is a JSON object with a fixed message and separate fields for the variable parts:',
      code('ts', `
import pino from 'pino';

const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });

log.warn({ userId: 42, ip: '10.0.0.3', reason: 'bad_password' }, 'login failed');
`),
      'Now the message is always `login failed`, and you can filter or count by `reason` without regular expressions.',
      h('Conventions we settled on'),
      ul(
        'Messages are short, lowercase and constant. Variables go in fields.',
        'Every request gets a `reqId`, and every log line in that request carries it.',
        'Never log passwords, tokens or full request bodies.',
        'Errors are logged under `err` so the serializer captures the stack.',
      ),
      h('Rolling it out'),
      ol(
        'Add the logger behind a small wrapper so you can swap it later.',
        'Convert the noisiest modules first; they give the biggest win.',
        'Build one dashboard from the new fields so people see the value.',
      ),
      'Fastify ships with pino built in, which made the migration painless for us. The [pino documentation](https://example.com/docs/pino-logging) covers redaction and transports in detail.',
    ),
  },
  // 11
  {
    author: 'ana_costa',
    title: 'Pour-Over Coffee: Dialing In Your Grind',
    description: 'A simple routine for getting a sweet, balanced cup from a cone dripper.',
    tags: ['coffee', 'recipes'],
    daysAgo: 16,
    hour: 8,
    body: md(
      'I drank bad pour-over for months before I understood that almost every problem comes back to grind size. Too fine and the coffee is bitter and slow; too coarse and it is sour and thin. Everything else is fine-tuning.',
      h('My starting recipe'),
      code('text', `
coffee:   15 g, medium-fine
water:    250 g at 94 °C
bloom:    40 g, wait 40 s
pour:     to 250 g in slow circles
total:    about 3:00
`),
      'That is a ratio of roughly `1:16`, which is a forgiving place to begin.',
      h('Adjusting'),
      ul(
        'If the brew finishes before 2:30 and tastes sour, grind finer.',
        'If it drags past 3:45 and tastes bitter or dry, grind coarser.',
        'Change one thing at a time, and only by one or two clicks.',
      ),
      h('Small things that matter'),
      ol(
        'Rinse the paper filter with hot water to remove the papery taste.',
        'Use a scale. Scoops are wildly inconsistent.',
        'Buy beans roasted within the last month and grind right before brewing.',
      ),
      'Once you find a setting you like, write it down with the name of the bean. I keep a note on my phone, and it saves a lot of wasted coffee when I open a new bag. For a deeper look at extraction, I like [this brewing primer](https://example.com/coffee/extraction-basics).',
    ),
  },
  // 12
  {
    author: 'mkowalski',
    title: 'Indexes I Wish I Had Added Sooner',
    description: 'Four indexing mistakes from real projects, and the queries that exposed them.',
    tags: ['databases', 'sql'],
    daysAgo: 19,
    hour: 13,
    body: md(
      'Most of the performance problems I have been asked to fix in the last five years came down to an index that was missing, in the wrong order, or too broad. Here are the ones that taught me the most.',
      h('1. Foreign keys without indexes'),
      'Postgres does not create indexes on foreign key columns automatically. Deleting a user then scans the whole comments table to check for references.',
      code('sql', `
CREATE INDEX comments_author_id_idx ON comments (author_id);
`),
      h('2. The wrong column order'),
      'A composite index on `(created_at, author_id)` will not help a query that filters by `author_id` and sorts by `created_at`. Put the equality column first:',
      code('sql', `
CREATE INDEX articles_author_created_idx
  ON articles (author_id, created_at DESC);
`),
      h('3. Indexing low-cardinality columns'),
      'An index on a boolean column like `is_published` rarely helps on its own, because the planner will read half the table anyway. A partial index that covers only the rows you query is usually better.',
      h('4. Forgetting to remove old ones'),
      'Every index slows down writes, so unused ones are pure cost. My clean-up routine:',
      ul(
        'Check `pg_stat_user_indexes` for indexes with zero scans.',
        'Confirm on a replica that they are not used by rare monthly reports.',
        'Drop them with `DROP INDEX CONCURRENTLY` to avoid locking the table.',
      ),
      'Asking which rows a query needs and in what order, the way [this indexing guide](https://example.com/sql/use-the-index) teaches, has saved me more time than any tool.',
    ),
  },
  // 13
  {
    author: 'grace-hopkins',
    title: 'Rust Ownership Explained With a Library Card',
    description: 'An analogy for borrowing that finally made the borrow checker click for me.',
    tags: ['rust'],
    daysAgo: 21,
    hour: 17,
    body: md(
      'I work part-time in a library, and one afternoon at the returns desk the borrow checker suddenly made sense. Rust ownership works a lot like lending books.',
      h('The rules, as a librarian'),
      ul(
        'Every book has exactly one owner: the library.',
        'You can lend a book to many readers to look at in the reading room, as long as nobody writes in it.',
        'Or you can lend it to one person to annotate, and then nobody else may read it until they bring it back.',
        'When the library closes a branch, its books go with it.',
      ),
      "Those are almost exactly Rust's rules: one owner, many shared references (`&T`) or a single mutable reference (`&mut T`), and values are dropped when their owner goes out of scope.",
      h('In code'),
      code('rust', `
fn main() {
    let mut book = String::from("Middlemarch");

    let reader_a = &book;
    let reader_b = &book;
    println!("{reader_a} and {reader_b}");

    let editor = &mut book;
    editor.push_str(", annotated");
    println!("{editor}");
}
`),
      'The shared borrows end after their last use, so the mutable borrow is allowed. Move the `println!` of `reader_a` to the end and the compiler will refuse, just as I would refuse to lend a book that someone is still scribbling in.',
      h('Where the analogy breaks'),
      ol('Books do not get copied; some Rust types do, via the `Copy` trait.', 'Lifetimes are checked at compile time, not at the desk.'),
      'Still, it got me through my first month. The [Rust book chapter on ownership](https://example.com/rust/ownership-chapter) is the next stop.',
    ),
  },
  // 14
  {
    author: 'elena_petrova',
    title: 'Composting in a Small Apartment',
    description: 'Worm bins, bokashi and how to keep your flat from smelling like a landfill.',
    tags: ['gardens'],
    daysAgo: 24,
    hour: 9,
    body: md(
      'I live on the fourth floor with no garden, just a balcony. For years I threw away peelings with a twinge of guilt. Two years ago I started composting indoors, and it turned out to be much easier and far less smelly than I feared.',
      h('Two options that fit a flat'),
      ul(
        '**A worm bin**: slow and steady, produces wonderful castings, but needs a stable temperature.',
        '**Bokashi**: a sealed bucket where food ferments with bran. It takes meat and dairy, but the result needs burying or finishing elsewhere.',
      ),
      'I use both. Vegetable scraps go to the worms, and everything else goes into the bokashi bucket.',
      h('Feeding the worms'),
      ol(
        'Chop scraps small; worms eat faster that way.',
        'Bury food under the bedding to avoid fruit flies.',
        'Balance wet scraps with shredded cardboard.',
        'Skip citrus, onion and anything oily.',
      ),
      'I keep a simple schedule taped to the bin lid:',
      code('text', `
mon       feed    ~300 g veg scraps + cardboard
thu       feed    ~300 g
sat       check   moisture like a wrung-out sponge
monthly   harvest one corner
`),
      h('Using the results'),
      'Worm castings go straight into my balcony pots, about a handful per plant each spring. The bokashi goes into a community garden bed down the road. My only real mistake was overfeeding in the first month, which led to a sour bin. If yours smells, stop feeding for a week and add `dry bedding`. This [worm bin troubleshooting guide](https://example.com/gardens/worm-bin-help) covers most problems.',
    ),
  },
  // 15
  {
    author: 'sofia_marquez',
    title: 'Shooting Street Photography With a 35mm Prime',
    description: 'Why one focal length is all I carry, and how to get comfortable being close.',
    tags: ['photography'],
    daysAgo: 27,
    hour: 16,
    body: md(
      'Every street photographer I admire seems to have a favourite focal length. Mine is 35mm. It is wide enough to show context and tight enough that a single person can fill the frame when you step in.',
      h('Zone focusing'),
      'Autofocus hunts in crowds. Instead I pre-focus at about three metres and shoot at a small aperture, so everything from two to six metres is sharp.',
      code('text', `
focus:     3 m (manual)
aperture:  f/8
shutter:   1/500 s
iso:       auto
`),
      'In bright sun, `f/11` gives you even more room for error.',
      h('Getting closer'),
      ol(
        'Stand still in an interesting place and let people walk into your frame.',
        'Keep the camera at chest height and shoot without raising it to your eye.',
        'Smile. Nothing defuses a tense moment faster.',
        'If someone objects, delete the photo in front of them.',
      ),
      h('Common mistakes'),
      ul(
        'Shooting from across the street, so every subject is tiny.',
        'Chasing light instead of waiting for it.',
        'Ignoring the background; a lamp post growing out of a head ruins the best moment.',
      ),
      'A prime forces you to move your feet, and that is what makes the pictures better. I wrote about my [favourite compact cameras](https://example.com/photography/compact-primes) for anyone looking to start.',
    ),
  },
  // 16
  {
    author: 'priya-raman',
    title: 'How I Prepared for My First Staff Engineer Interview',
    description: 'The system design, behavioural and writing practice that got me through the loop.',
    tags: ['career'],
    daysAgo: 30,
    hour: 12,
    body: md(
      'When I decided to interview for staff roles, I realised I had no idea what the bar looked like. Senior interviews test whether you can build things well. Staff interviews test whether you can decide what to build, convince others, and make a whole group more effective.',
      h('The loop'),
      ul(
        'One coding round, usually easier than for senior roles.',
        'Two system design rounds, one of them about an existing system you worked on.',
        'A behavioural round focused on influence and conflict.',
        'At some companies, a written exercise.',
      ),
      h('How I practised'),
      ol(
        'I wrote a one-page summary of the three biggest projects I had led, including what went wrong.',
        'I did mock design interviews with friends and recorded them.',
        "I practised saying 'I don't know, here is how I would find out' out loud.",
      ),
      h('A template for design answers'),
      code('text', `
1. clarify goals and non-goals
2. rough numbers: users, requests per second, data size
3. the simplest design that could work
4. the two biggest risks and how to reduce them
5. what you would measure after launch
`),
      'Interviewers cared far more about steps four and five than about a perfect diagram.',
      h('The result'),
      "I got two offers and one rejection, with feedback that my answers were 'too focused on the code'. Fair. I kept all my notes in a single `interview-prep.md` file, which I still update after every project. If you are preparing, read about the [staff engineer archetypes](https://example.com/career/staff-archetypes) first and work out which one you actually are. It changes which stories you tell.",
    ),
  },
  // 17
  {
    author: 'tom_baker',
    title: 'Zero-Downtime Deploys With Blue-Green Releases',
    description: 'Run two copies of production, switch traffic, and keep the old one around for a quick rollback.',
    tags: ['devops'],
    daysAgo: 33,
    hour: 14,
    body: md(
      'For a long time our deploys meant a two-minute window of errors while the old process stopped and the new one started. Users noticed. Blue-green deploys fixed it, and the idea is simple enough to implement with nothing more than a reverse proxy.',
      h('How it works'),
      ol(
        'Two identical environments run side by side: blue is live, green is idle.',
        'Deploy the new version to green and run smoke checks against it.',
        'Switch the proxy to send traffic to green.',
        'Keep blue running for a while, so a rollback is a single switch.',
      ),
      h('A minimal nginx setup'),
      code('nginx', `
upstream app {
    server 127.0.0.1:3001;    # blue
    # server 127.0.0.1:3002;  # green
}
`),
      'The deploy script edits the upstream, runs `nginx -t`, and reloads. A reload keeps existing connections alive, so no request is dropped.',
      h('The hard part: databases'),
      'Both versions share one database, so every migration must work with the old and the new code at the same time.',
      ul(
        'Add columns before the code that uses them.',
        'Remove columns only after no running version reads them.',
        'Never rename in one step; add, copy, switch, then drop.',
      ),
      'This expand-and-contract approach takes discipline, but it means we can deploy on a Friday afternoon without anyone holding their breath. The [expand and contract pattern](https://example.com/devops/expand-contract) write-up explains it in more depth.',
    ),
  },
  // 18
  {
    author: 'ana_costa',
    title: 'Sourdough Starter From Scratch in Seven Days',
    description: 'Flour, water and a little patience are all you need to raise your own wild yeast.',
    tags: ['bread', 'recipes'],
    daysAgo: 37,
    hour: 7,
    body: md(
      'Every baker I know has a starter with a name. Mine is called Bolinha, and she started life in a jam jar on my kitchen counter. Making one takes about a week and almost no effort, as long as you are consistent.',
      h('You will need'),
      ul(
        'Wholemeal rye or wheat flour to begin with, then strong white flour',
        'Lukewarm water, filtered if your tap water is heavily chlorinated',
        'A clean glass jar with a loose lid',
        'A rubber band to mark the level after each feed',
      ),
      h('The schedule'),
      code('text', `
day 1      50 g flour + 50 g water, mix, cover
day 2      nothing much happens; stir
day 3-4    discard half, feed 50 g + 50 g daily
day 5-6    bubbles and a sour smell; keep feeding
day 7      doubles within 6 h of feeding: ready
`),
      "On day two you may see a burst of bubbles that then disappears. That is normal; the early bacteria die off before the yeast takes over. Don't give up.",
      h('Keeping it alive'),
      ol(
        'Feed it daily if it lives on the counter.',
        'Once a week is fine if you keep it in the fridge.',
        'Before baking, feed it twice at room temperature.',
      ),
      'I label the jar with the last feeding time, something like `fed 08:30`, so nobody in the house throws it out by accident. Once it is lively, try my [no-knead focaccia](https://example.com/recipes/no-knead-focaccia) for an easy first bake.',
    ),
  },
  // 19
  {
    author: 'kenji-tanaka',
    title: 'Books on Music Theory Worth Your Time',
    description: 'A short, opinionated reading list for musicians who learned by ear.',
    tags: ['music', 'books'],
    daysAgo: 41,
    hour: 22,
    body: md(
      'Students often ask me which theory book to buy. The honest answer is that most are either too dry or too shallow. These are the few I keep recommending, in the order I would read them.',
      h('The list'),
      ol(
        '**The Jazz Theory Book** by Mark Levine. Dense, but every chapter is grounded in real recordings.',
        '**How Music Works** by David Byrne. Not a theory book at all, but it changes how you think about context.',
        '**Harmony and Voice Leading** by Aldwell and Schachter, for when you want the classical foundations.',
        '**Effortless Mastery** by Kenny Werner, about the mental side of practice.',
      ),
      h('How to read them'),
      ul(
        'Keep an instrument within reach and play every example.',
        'Read one chapter per week, not one per night.',
        'Write your own exercise for each concept.',
      ),
      'I keep my practice notes in a plain text file so I can see what I covered. One week might look like this:',
      code('text', `
week 12   levine ch. 7: tritone substitution
          exercise: reharmonise bars 1-8 of "Autumn Leaves"
          tempo: 90 -> 120 bpm
`),
      h('A word of warning'),
      'Theory describes what good players already do. It is a map, not the territory. If a book ever makes you stop listening, close it for a while and go back to the records. I also share a [longer reading list](https://example.com/music/theory-reading-list) with my students, with each title marked `beginner` or `advanced`.',
    ),
  },
  // 20
  {
    author: 'liam_obrien',
    title: 'Three Days Walking the Camino Portugues',
    description: 'A short section of the coastal route from Porto, with notes on distances, food and blisters.',
    tags: ['travel', 'fitness'],
    daysAgo: 45,
    hour: 18,
    body: md(
      'I only had a long weekend, so instead of the full Camino I walked the first three stages of the coastal route from Porto. It was enough to understand why people come back year after year.',
      h('Stages'),
      code('text', `
day 1   Porto -> Vila do Conde          33 km   flat boardwalk
day 2   Vila do Conde -> Esposende      25 km   some sand
day 3   Esposende -> Viana do Castelo   25 km   hills at the end
`),
      h('What I packed'),
      ul(
        'Trail runners instead of boots; the boardwalk is hard on the feet.',
        'Two pairs of merino socks, washed every evening.',
        'A light rain jacket, which I used every single day.',
        'A small first aid kit with plenty of blister plasters.',
      ),
      h('Lessons'),
      ol(
        'Start early. By noon the coast is hot, even in May.',
        'Eat a proper lunch. The grilled fish in Vila do Conde is worth the stop.',
        'Collect stamps in your credential; the hostels need them.',
      ),
      'Day one was too long for a first day. If I did it again, I would split it at Labruge. My running fitness helped, but walking eight hours is a different kind of tired, and I had two blisters by the end.',
      'If you are planning a trip, check the `albergue` opening dates before you go, as some close out of season. The [Camino route guide](https://example.com/travel/camino-portugues-coastal) I used was accurate and up to date.',
    ),
  },
  // 21
  {
    author: 'johndoe',
    title: 'Writing Small CLI Tools in Python',
    description: 'How I turn repetitive shell chores into tiny, testable Python scripts.',
    tags: ['python', 'productivity'],
    daysAgo: 49,
    hour: 10,
    body: md(
      'Most of my automation starts as a shell one-liner and ends as a Python script once it needs a second flag. The standard library is good enough that I rarely need to install anything.',
      h('The skeleton I copy'),
      code('python', `
#!/usr/bin/env python3
import argparse
from pathlib import Path

def main() -> int:
    parser = argparse.ArgumentParser(description="Count lines in files")
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--ext", default=".ts")
    args = parser.parse_args()

    total = 0
    for root in args.paths:
        for file in root.rglob(f"*{args.ext}"):
            total += sum(1 for _ in file.open())
    print(total)
    return 0

if __name__ == "__main__":
    raise SystemExit(main())
`),
      h('Why this shape'),
      ul(
        '`argparse` gives you `--help` for free.',
        '`pathlib` makes file handling readable.',
        'Returning an exit code makes the script composable in shell pipelines.',
        'A `main` function makes it importable and easy to test.',
      ),
      h('When to stop'),
      'If a script grows past a couple of hundred lines or needs more than one dependency, I turn it into a small package. Until then, a single file in `~/bin` is perfect.',
      ol(
        'Keep the scripts in a git repository.',
        'Symlink them into a directory on your PATH.',
        'Write a one-line comment at the top of each one describing what it does.',
      ),
      'For a more thorough treatment, the [argparse tutorial](https://example.com/python/argparse-tutorial) is one of the best pieces of documentation in the standard library.',
    ),
  },
  // 22
  {
    author: 'mkowalski',
    title: 'SQLite Is Enough for More Than You Think',
    description: "A database engineer's case for starting with a single file.",
    tags: ['databases', 'sql'],
    daysAgo: 54,
    hour: 11,
    body: md(
      'I spend most of my working days tuning Postgres clusters, so people are surprised when I recommend SQLite for new projects. But for a large class of applications, a single file on a fast disk is the simplest thing that works, and it keeps working for a long time.',
      h('Where it shines'),
      ul(
        'Read-heavy web apps on a single server',
        'Internal tools and admin dashboards',
        'Desktop and mobile apps',
        'Test suites that need a real database without Docker',
      ),
      h('Settings I always use'),
      code('sql', `
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = ON;
PRAGMA busy_timeout = 5000;
`),
      'WAL mode lets readers and one writer work concurrently, and `busy_timeout` stops writers from failing immediately when another write is in progress.',
      h('Real limits'),
      ol(
        'Only one writer at a time. Thousands of small writes per second are fine; long write transactions are not.',
        'No built-in replication, though tools exist to stream the WAL elsewhere.',
        'Schema changes are more limited, so plan migrations with table rebuilds in mind.',
      ),
      'If you outgrow it, moving to Postgres is a well-trodden path. In my experience, most projects never do. This [SQLite production checklist](https://example.com/databases/sqlite-in-production) is a good reference.',
    ),
  },
  // 23
  {
    author: 'elena_petrova',
    title: 'Growing Tomatoes From Seed',
    description: 'From a windowsill in March to a balcony full of fruit in August.',
    tags: ['gardens'],
    daysAgo: 58,
    hour: 8,
    body: md(
      'Tomatoes were the first thing I ever grew, and they remain my favourite. Buying plants is easier, but growing from seed gives you access to hundreds of varieties you will never see in a garden centre.',
      h('Timeline'),
      code('text', `
early march   sow indoors, 2 seeds per cell, 20-25 °C
two weeks     thin to one seedling, move to bright light
april         pot on to 9 cm pots, bury the stems deep
mid may       harden off for 10 days
late may      plant out after the last frost
`),
      h('Varieties for pots'),
      ul(
        '**Tumbling Tom** for hanging baskets',
        '**Sungold**, the sweetest cherry tomato I know',
        '**Black Krim** if you have a sheltered, sunny spot',
      ),
      h('Common problems'),
      ol(
        'Leggy seedlings: not enough light. A cheap LED panel fixes this.',
        'Blossom end rot: irregular watering, rather than a lack of calcium in the soil, in most cases.',
        'Split fruit: heavy rain after a dry spell. Water little and often.',
      ),
      'I use a plain spreadsheet to record sowing dates and first harvests, with one row per variety. The column I look at most is `days_to_fruit`, because it tells me what to sow first next year. For detailed advice on pruning cordon varieties, see this [tomato side-shoot guide](https://example.com/gardens/tomato-pruning).',
    ),
  },
  // 24
  {
    author: 'grace-hopkins',
    title: 'Error Handling in Rust Without Tears',
    description: 'Result, the question mark operator, and when to reach for anyhow or thiserror.',
    tags: ['rust'],
    daysAgo: 63,
    hour: 19,
    body: md(
      "Coming from languages with exceptions, Rust's error handling felt verbose at first. Every function that can fail returns a `Result`, and you have to deal with it. After a few months I came to love it, because I always know exactly where things can go wrong.",
      h('The question mark operator'),
      code('rust', `
use std::fs;

fn read_count(path: &str) -> Result<u32, Box<dyn std::error::Error>> {
    let text = fs::read_to_string(path)?;
    let count: u32 = text.trim().parse()?;
    Ok(count)
}
`),
      "Each `?` returns early with the error if something fails, converting it into the function's error type along the way.",
      h('Libraries versus applications'),
      ul(
        'In a library, define your own error enum so callers can match on it. The `thiserror` crate removes the boilerplate.',
        'In an application, you usually just want context and a good message. `anyhow` is perfect for that.',
        'Avoid `unwrap()` outside tests and quick prototypes.',
      ),
      h('Adding context'),
      "A bare 'file not found' is not helpful. With anyhow you can say which file and why you wanted it:",
      code('rust', `
let config = fs::read_to_string(&path)
    .with_context(|| format!("reading config from {}", path.display()))?;
`),
      ol('Add context at the boundary where you know the intent.', 'Log the full chain once, at the top level.'),
      'The [error handling chapter](https://example.com/rust/error-handling) of the Rust book is the best place to go deeper.',
    ),
  },
  // 25
  {
    author: 'priya-raman',
    title: 'Type-Safe Environment Variables in TypeScript',
    description: 'Validate configuration once at startup instead of discovering typos in production.',
    tags: ['typescript'],
    daysAgo: 68,
    hour: 13,
    body: md(
      'Reading `process.env.DATABSE_URL` returns `undefined`, and TypeScript will not say a word about the typo. Configuration bugs are among the most common causes of failed deploys I have seen, and they are easy to prevent.',
      h("Parse, don't read"),
      'Read every variable in one place at startup, validate it, and export a typed object. Nothing else in the codebase touches the environment directly.',
      code('ts', `
import { z } from 'zod';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']),
  PORT: z.coerce.number().int().default(3000),
  DATABASE_URL: z.string().min(1),
  SESSION_SECRET: z.string().min(32),
});

export const config = schema.parse(process.env);
`),
      'If anything is missing or malformed, the process exits immediately with a clear message, before serving a single request.',
      h('Habits that help'),
      ul(
        'Commit a `.env.example` with every variable and a short comment.',
        'Fail fast; never fall back silently to a default for secrets.',
        'Group related settings into nested objects after parsing.',
      ),
      h('Testing'),
      ol(
        'Export the schema separately so tests can parse a custom object.',
        'Never mutate `process.env` in tests; pass the config in explicitly instead.',
      ),
      'This pattern has caught dozens of mistakes for my team, from typos to a secret that was accidentally set to an empty string. The [twelve-factor config guidelines](https://example.com/devops/twelve-factor-config) are worth a read too.',
    ),
  },
  // 26
  {
    author: 'sofia_marquez',
    title: "A Beginner's Guide to Editing RAW Photos",
    description: 'A simple, repeatable editing order that keeps your photos looking natural.',
    tags: ['photography'],
    daysAgo: 74,
    hour: 15,
    body: md(
      'RAW files look flat straight out of the camera, which surprises a lot of beginners. That flatness is a feature: the file holds far more information than a JPEG, and editing is how you decide what to keep.',
      h('My editing order'),
      ol(
        'Crop and straighten first, so you judge everything else on the final frame.',
        'Set the white balance. Pick something neutral, like a grey wall, with the eyedropper.',
        'Adjust exposure for the subject, not the whole image.',
        'Recover highlights and lift shadows gently.',
        'Add contrast last, with the tone curve.',
      ),
      h('Keep it subtle'),
      ul(
        'If you notice the edit, it is too strong.',
        'Take a break and look again with fresh eyes.',
        'Compare with the original often; most editors have a before and after toggle, often on the `Y` key.',
      ),
      h('Presets'),
      'I save my basic adjustments as a preset and apply it on import. It is a starting point, not a finish:',
      code('text', `
preset: sofia-street-base
  profile:      camera neutral
  highlights:   -40
  shadows:      +25
  clarity:      +10
  vibrance:     +8
  sharpening:   40, radius 1.0
`),
      'Free tools like darktable and RawTherapee are capable alternatives to paid software. I wrote a [comparison of free RAW editors](https://example.com/photography/free-raw-editors) last year.',
    ),
  },
  // 27
  {
    author: 'tom_baker',
    title: 'Time Blocking for People Who Hate Calendars',
    description: 'A lightweight way to protect focus time without scheduling every minute of your day.',
    tags: ['productivity', 'career'],
    daysAgo: 80,
    hour: 9,
    body: md(
      'Full time blocking, where every minute of the day is planned, never survived contact with my job. One incident or a quick question and the whole plan was gone. What works for me is a much looser version: three blocks, every day, protected by default.',
      h('The three blocks'),
      ul(
        '**Deep work**, 9:00 to 11:30. No chat, no email, notifications off.',
        '**Shallow work**, after lunch. Reviews, replies, meetings.',
        '**Wrap-up**, the last thirty minutes. Notes for tomorrow and tidying the lists.',
      ),
      h('Protecting the morning'),
      ol(
        'Put a recurring busy event in your calendar so nobody books over it.',
        'Set your chat status automatically with a small script.',
        'Tell your team why, and offer a clear way to reach you in an emergency.',
      ),
      'The status script is nothing fancy. It runs from cron at `0 9 * * 1-5`:',
      code('bash', `
#!/bin/sh
curl -s -X POST "$CHAT_API/status" -H "Authorization: Bearer $CHAT_TOKEN" -d '{"text": "Focus time until 11:30"}'
`),
      h('Is it worth it?'),
      'On a good week, I get about twelve hours of real focus. That is not a lot, but it is three times what I managed before, and my on-call weeks feel calmer too. For a broader take on this, I recommend [this piece on maker schedules](https://example.com/productivity/maker-schedule).',
    ),
  },
  // 28
  {
    author: 'ana_costa',
    title: 'No-Knead Focaccia for Busy People',
    description: 'Ten minutes of work, an overnight rest in the fridge, and the best bread on the table.',
    tags: ['bread', 'recipes'],
    daysAgo: 87,
    hour: 17,
    body: md(
      'If you have never baked bread, start with focaccia. There is no kneading, no shaping and no special equipment. The fridge does the work while you sleep.',
      h('Ingredients'),
      ul(
        '500 g strong white flour',
        '400 g lukewarm water',
        '10 g salt',
        '4 g instant yeast, or 100 g of active sourdough starter',
        'Plenty of good olive oil',
        'Flaky salt and rosemary for the top',
      ),
      h('Method'),
      ol(
        'Mix everything except the oil in a large bowl until no dry flour remains.',
        'Cover and leave for 30 minutes, then stretch and fold the dough four times around the bowl.',
        'Repeat the folds twice more, 30 minutes apart.',
        'Oil the bowl, cover and refrigerate for 12 to 24 hours.',
        'Tip into an oiled tin and let it rise for 2 to 3 hours until bubbly.',
        'Dimple with oily fingers, add the toppings, and bake at 230 °C for 22 to 25 minutes.',
      ),
      h('Timing for a weekday'),
      code('text', `
21:00   mix the dough, first rest
22:30   last fold, into the fridge
17:00   into the tin, warm spot
19:30   dimple, top, bake
20:00   dinner
`),
      'The dough is very wet, around `80%` hydration, so use wet hands and resist the urge to add flour. The bubbles are what give focaccia its texture. If you keep a sourdough starter, this is a great way to use up the discard; these [starter basics](https://example.com/recipes/sourdough-starter-basics) will get you going.',
    ),
  },
  // 29
  {
    author: 'kenji-tanaka',
    title: 'Practicing Guitar Twenty Minutes a Day',
    description: 'A short, focused routine beats an occasional three-hour session every time.',
    tags: ['music', 'productivity'],
    daysAgo: 95,
    hour: 21,
    body: md(
      'Most of my adult students have jobs and families. They cannot practise for hours, and they feel guilty about it. I tell them that twenty focused minutes every day will take them further than a long session on Sunday.',
      h('The routine'),
      code('text', `
00:00 - 03:00   warm-up: chromatic exercise, slow
03:00 - 08:00   technique: one scale or arpeggio shape
08:00 - 15:00   repertoire: one tune, one section
15:00 - 20:00   play for fun, no rules
`),
      'The last block matters. It is the reason to pick up the guitar again tomorrow.',
      h('Making it stick'),
      ul(
        'Leave the guitar on a stand, not in its case.',
        'Practise at the same time every day, attached to an existing habit.',
        'Use a metronome, and write down the tempo you reached.',
      ),
      h('Tracking progress'),
      'I ask students to keep a log. Some use paper; one writes a line to a file with a tiny shell alias called `practice` that appends the date and tempo. Looking back after three months is always encouraging. Each entry needs only three things:',
      ol('What you worked on.', 'The highest clean tempo.', 'One thing that felt hard.'),
      'Consistency compounds. A year of twenty-minute days adds up to more than 120 hours of practice. There is a good [article on deliberate practice](https://example.com/music/deliberate-practice) if you want the research behind it.',
    ),
  },
  // 30
  {
    author: 'liam_obrien',
    title: 'Strength Work for Runners Who Skip the Gym',
    description: 'Fifteen minutes of bodyweight exercises twice a week that keep me injury free.',
    tags: ['fitness'],
    daysAgo: 103,
    hour: 7,
    body: md(
      'After a nagging Achilles problem last winter, my physio asked how much strength work I did. The answer was none. She gave me a short routine that needs no equipment, and I have not missed a week since.',
      h('The routine'),
      code('text', `
single-leg calf raises   3 x 15 each side
split squats             3 x 10 each side
glute bridges            3 x 15
side plank               3 x 30 s each side
dead bugs                3 x 10
`),
      'Do it twice a week, ideally after an easy run, never right before a hard one.',
      h('Progressing'),
      ul(
        'Once fifteen reps feel easy, slow the lowering phase to three seconds.',
        'Hold a backpack with a few books in it for extra load.',
        'Add a third session only in the base phase of training.',
      ),
      h('What changed'),
      ol(
        'No Achilles pain in the months since.',
        'Better posture late in long runs.',
        'Faster recovery after races.',
      ),
      'I keep a checklist in my running log, a line that reads `S&C: done` after each session, which is surprisingly motivating. The [strength guide for runners](https://example.com/fitness/strength-for-runners) from my physio has videos of every exercise.',
    ),
  },
  // 31
  {
    author: 'johndoe',
    title: 'Migrating a Legacy Express App to Fastify',
    description: 'What we changed, what broke, and whether it was worth it.',
    tags: ['javascript', 'typescript'],
    daysAgo: 111,
    hour: 14,
    body: md(
      'Our main API ran on Express for six years. It worked, but we had accumulated dozens of middleware packages, inconsistent validation and no schema for responses. We moved to Fastify over about two months, one route at a time.',
      h('Strategy'),
      ol(
        'Mount the old Express app inside Fastify with a compatibility plugin.',
        'Move routes one by one, starting with the simplest.',
        'Add a JSON schema to every migrated route.',
        'Delete the compatibility layer once the last route has moved.',
      ),
      h('A migrated route'),
      code('ts', `
app.get('/api/articles/:slug', {
  schema: {
    params: { type: 'object', properties: { slug: { type: 'string' } }, required: ['slug'] },
  },
}, async (request, reply) => {
  const article = await articles.findBySlug(request.params.slug);
  if (!article) return reply.code(404).send({ errors: { article: ['not found'] } });
  return { article };
});
`),
      h('What broke'),
      ul(
        'Middleware that relied on mutating `req` in specific ways.',
        "Error handlers that expected Express's four-argument signature.",
        'A few routes that sent responses twice, which Express had silently ignored.',
      ),
      "The last one was a real bug, and Fastify's stricter behaviour surfaced it.",
      h('Was it worth it?'),
      'Yes. Latency dropped by about 20 percent, validation is consistent, and the plugin system made our code easier to organise. The [Fastify migration notes](https://example.com/docs/express-to-fastify) helped a lot.',
    ),
  },
  // 32
  {
    author: 'mkowalski',
    title: 'Window Functions for Everyday Reporting',
    description: 'Running totals, rankings and month-over-month changes without leaving SQL.',
    tags: ['sql', 'databases'],
    daysAgo: 120,
    hour: 10,
    body: md(
      'Window functions are the SQL feature I most often see people avoid, usually by pulling data into a spreadsheet or writing loops in application code. They are worth learning, because they turn many reporting tasks into a single query.',
      h('Running totals'),
      code('sql', `
SELECT day,
       signups,
       sum(signups) OVER (ORDER BY day) AS total_signups
FROM daily_signups
ORDER BY day;
`),
      'The `OVER` clause defines the window. Without `PARTITION BY`, it covers the whole result.',
      h('Top N per group'),
      code('sql', `
SELECT *
FROM (
  SELECT author_id, title, favorites,
         row_number() OVER (PARTITION BY author_id ORDER BY favorites DESC) AS rank
  FROM articles
) ranked
WHERE rank <= 3;
`),
      h('Functions to know'),
      ul(
        '`row_number()`, `rank()` and `dense_rank()` for ordering',
        '`lag()` and `lead()` for comparing with the previous or next row',
        '`sum()`, `avg()` and `count()` as running aggregates',
        '`ntile(4)` for quartiles',
      ),
      'Month-over-month change, which used to mean a self-join, is now one `lag()` call. When I write a new report, I go through three questions:',
      ol('Which aggregate do I want?', 'How should the window be partitioned and ordered?', 'Does the frame need adjusting for running totals?'),
      'The [window functions tutorial](https://example.com/sql/window-functions) has interactive examples that helped me when I was learning.',
    ),
  },
  // 33
  {
    author: 'elena_petrova',
    title: 'Attracting Pollinators to a City Balcony',
    description: 'Small changes that brought bees and butterflies to a fourth-floor flat.',
    tags: ['gardens'],
    daysAgo: 130,
    hour: 11,
    body: md(
      'I did not expect to see bees four floors up. But after two seasons of planting with pollinators in mind, my balcony gets regular visits from bumblebees, hoverflies and the occasional butterfly.',
      h('Plants that worked'),
      ul(
        'Lavender and thyme, which also flavour dinner',
        'Single-flowered cosmos, not the fluffy doubles',
        'Salvia, which flowers for months',
        'Chives, left to flower instead of harvested',
      ),
      h('Principles'),
      ol(
        'Choose single flowers; doubles often have no pollen.',
        'Aim for something in flower from March to October.',
        'Group pots of the same plant together so they are easier to find.',
        'Skip pesticides entirely.',
      ),
      h('A flowering calendar'),
      code('text', `
mar-apr   crocus, muscari, rosemary
may-jun   chives, thyme, salvia
jul-aug   lavender, cosmos, oregano
sep-oct   asters, late salvia
`),
      'A shallow dish of water with pebbles gives bees somewhere to drink without drowning. I also hung a small bee hotel, which a family of mason bees moved into last spring.',
      'Once a week I count visitors for ten minutes and write the total down as `bees=12 hoverflies=4`, which shows the trend clearly over a season. The [urban pollinator survey](https://example.com/gardens/pollinator-count) welcomes data from balconies too.',
    ),
  },
  // 34
  {
    author: 'grace-hopkins',
    title: 'My Reading Log Spreadsheet, Five Years On',
    description: 'What 240 books of data taught me about my reading habits.',
    tags: ['books', 'productivity'],
    daysAgo: 141,
    hour: 20,
    body: md(
      'In January 2019 I started a spreadsheet to record every book I finished. Five years and 240 books later, it has become one of my favourite things I own. Here is how it works and what I learned.',
      h('The columns'),
      ul(
        'Title, author and the date I finished it',
        'Format: print, ebook or audio',
        'A rating from 1 to 5',
        'Pages, and whether I borrowed or bought it',
        'A one-line note written the same day',
      ),
      h('Some numbers'),
      code('text', `
year   books   avg rating   audio share
2019      38          3.6            5%
2020      61          3.4           30%
2021      47          3.8           22%
2022      45          3.9           18%
2023      49          4.0           15%
`),
      'The 2020 spike was lockdown, mostly audiobooks on long walks. My ratings have crept up, probably because I now abandon books I am not enjoying.',
      h('What I learned'),
      ol(
        'Borrowed books get finished more often than bought ones, because of the due date.',
        'My one-line notes are worth more than the ratings.',
        'I read far fewer books by authors outside Europe and North America than I thought.',
      ),
      'That last point changed what I read. A simple `COUNTIF` formula helps me keep an eye on it. You can copy my [reading log template](https://example.com/books/reading-log-template) if you want to start your own.',
    ),
  },
  // 35
  {
    author: 'sofia_marquez',
    title: 'Packing Light for a Two-Week Photo Trip',
    description: 'One bag, one camera, two lenses and no checked luggage.',
    tags: ['travel', 'photography'],
    daysAgo: 152,
    hour: 12,
    body: md(
      'I used to travel with a rolling case full of gear and come home having used a third of it. These days I fit two weeks of clothes and cameras into a single 30-litre backpack, and I take better photos because I am not exhausted.',
      h('Camera kit'),
      ul(
        'One weather-sealed camera body',
        'A 35mm prime for almost everything',
        'A small 85mm for portraits and details',
        'Three batteries and a compact charger',
        'Two memory cards, never just one',
      ),
      h('Backing up on the road'),
      "Every evening I copy the day's photos to a small SSD, and to the cloud when the hotel wifi allows it. The copy is one command:",
      code('bash', `
rsync -av --progress /Volumes/SD_CARD/DCIM/ /Volumes/TravelSSD/2024-japan/
`),
      'I keep the SSD in a different bag from the camera, so one theft does not take everything.',
      h('Clothes'),
      ol('Pack for one week and do laundry once.', 'Choose colours that all go together.', 'Wear the bulkiest shoes and jacket on the plane.'),
      'Travelling light also makes you less conspicuous on the street, which matters for candid photography. I keep everything in a [packing checklist](https://example.com/travel/photo-packing-list), with the camera gear marked `essential` or `optional`.',
    ),
  },
  // 36
  {
    author: 'priya-raman',
    title: 'Mentoring Junior Developers Remotely',
    description: 'What I changed about mentoring when my team went fully remote.',
    tags: ['career'],
    daysAgo: 164,
    hour: 16,
    body: md(
      'In an office, a lot of mentoring happens by accident: someone overhears a discussion, or leans over to ask a quick question. Remotely, none of that happens unless you make it happen. It took me a year to figure out what works.',
      h('Scheduled and unscheduled time'),
      ul(
        'A weekly thirty-minute one-to-one that belongs to the mentee, with their agenda.',
        'Open office hours twice a week, where anyone can drop into a call.',
        'Pairing sessions on real tasks, not toy exercises.',
      ),
      h('Making questions cheap'),
      'Junior developers often wait too long to ask for help because they do not want to interrupt. I tell new people explicitly: if you are stuck for more than thirty minutes, ask. And I answer quickly, even if only to say I will look later.',
      h('Code review as teaching'),
      ol(
        'Explain why, not just what, in review comments.',
        'Label comments as `nit`, `suggestion` or `blocking` so priorities are clear.',
        'Praise good work specifically; it tells people what to repeat.',
      ),
      'A typical comment from me looks like this:',
      code('text', `
suggestion: this loop could use Array.prototype.some,
which stops at the first match and says what we mean.
not blocking, happy to merge as is.
`),
      'The most important thing is consistency. A mentor who keeps cancelling one-to-ones sends a clear message about priorities. I share more in my [remote mentoring notes](https://example.com/career/remote-mentoring).',
    ),
  },
  // 37
  {
    author: 'tom_baker',
    title: 'Docker Compose for Local Development',
    description: 'One command to start the app, the database and everything else it needs.',
    tags: ['devops', 'databases'],
    daysAgo: 177,
    hour: 13,
    body: md(
      'Onboarding used to take a new engineer a full day of installing Postgres, Redis and the right Node version. Now it takes one command. Docker Compose is not glamorous, but for local development it is hard to beat.',
      h('A minimal setup'),
      code('yaml', `
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: dev
    ports:
      - "5432:5432"
    volumes:
      - pgdata:/var/lib/postgresql/data
  cache:
    image: redis:7
    ports:
      - "6379:6379"
volumes:
  pgdata:
`),
      'The application itself runs on the host with hot reload, talking to the containers on `localhost`. That avoids slow file syncing on macOS.',
      h('Tips'),
      ul(
        'Pin image versions; `latest` will bite you eventually.',
        'Use named volumes so data survives restarts.',
        'Add health checks so dependent services wait properly.',
        'Keep a `make reset-db` target for when things go wrong.',
      ),
      h('Onboarding checklist'),
      ol(
        'Install Docker and the right Node version.',
        'Run `docker compose up -d`.',
        'Run the migrations and the seed script.',
        'Open the app and sign in as the demo user.',
      ),
      'The [Compose file reference](https://example.com/docs/compose-reference) is long, but the parts you need day to day fit on one page.',
    ),
  },
  // 38
  {
    author: 'ana_costa',
    title: 'Cold Brew Concentrate at Home',
    description: 'A smooth, low-acid coffee concentrate that keeps for a week in the fridge.',
    tags: ['coffee'],
    daysAgo: 190,
    hour: 9,
    body: md(
      'Every summer my kitchen turns into a cold brew factory. It is the easiest coffee to make: no special kit, no precise pouring, just time. And a jar of concentrate in the fridge means iced coffee in thirty seconds.',
      h('The ratio'),
      code('text', `
coffee:   100 g, coarse (like raw sugar)
water:    500 g, cold
steep:    16-18 hours in the fridge
dilute:   1 part concentrate to 2 parts water or milk
`),
      'A coarse grind is important. Fine grounds make the concentrate muddy and hard to filter.',
      h('Step by step'),
      ol(
        'Grind the coffee coarsely and put it in a large jar.',
        'Add cold water and stir until everything is wet.',
        'Cover and refrigerate overnight.',
        'Strain through a sieve, then through a paper filter.',
        'Bottle it and keep it cold for up to a week.',
      ),
      h('Variations'),
      ul(
        'Add a cinnamon stick while it steeps.',
        'Use oat milk and a little maple syrup.',
        "Freeze some concentrate in ice cube trays so your drink doesn't get watery.",
      ),
      'Medium or dark roasts work best; light roasts can taste thin when brewed cold. I label each jar with the date, like `brewed 14/07`, so nothing lingers too long. For more ideas, this [cold coffee roundup](https://example.com/coffee/cold-brew-variations) is excellent.',
    ),
  },
  // 39
  {
    author: 'kenji-tanaka',
    title: 'What Vinyl Taught Me About Listening',
    description: 'Why a slower, less convenient format changed the way I hear music.',
    tags: ['music'],
    daysAgo: 205,
    hour: 22,
    body: md(
      'I started collecting records for the wrong reason: they looked nice on a shelf. But the format changed how I listen, in ways that have nothing to do with sound quality.',
      h('Albums, not tracks'),
      'A record has two sides of about twenty minutes each. You put it on, and you listen until the side ends, because getting up to skip a track is annoying. That friction made me hear album tracks I had skipped for years on streaming services.',
      h('Rules for a listening session'),
      ol('Pick one album before you sit down.', 'Leave your phone in another room.', 'Listen to both sides in order.', 'Read the liner notes while you listen.'),
      h('Records to start with'),
      ul(
        '**Kind of Blue**, Miles Davis',
        '**A Love Supreme**, John Coltrane',
        "**Moanin'**, Art Blakey and the Jazz Messengers",
        '**Speak No Evil**, Wayne Shorter',
      ),
      'I catalogue my collection in a small text file, sorted by label and catalogue number:',
      code('text', `
blue note   BLP 4003    Art Blakey      Moanin'
blue note   BST 84194   Wayne Shorter   Speak No Evil
columbia    CL 1355     Miles Davis     Kind of Blue
impulse!    A-77        John Coltrane   A Love Supreme
`),
      'You do not need an expensive turntable. A decent entry-level deck and a pair of powered speakers are enough. I keep the file under version control, so `git log` tells me when each record arrived. I wrote a [buyer guide for first turntables](https://example.com/music/first-turntable) last year.',
    ),
  },
  // 40
  {
    author: 'liam_obrien',
    title: 'A Rainy Week in the Scottish Highlands',
    description: 'Midges, mountains, and why bad weather made for the best trip I have taken.',
    tags: ['travel'],
    daysAgo: 220,
    hour: 18,
    body: md(
      'We booked a week in a cottage near Glencoe in September, and it rained on six of the seven days. It was still the best trip I have taken, partly because we planned for the weather instead of hoping against it.',
      h('Walks we did'),
      ul(
        'The Lost Valley, short and spectacular even in cloud',
        'The Pap of Glencoe, on the one clear afternoon',
        'A low-level walk along Loch Leven when the tops were hidden',
        "The Devil's Staircase, a section of the West Highland Way",
      ),
      h('Packing for wet weather'),
      ol(
        'A proper waterproof jacket and trousers, not just a shell.',
        'Spare socks in a dry bag.',
        'A midge net for the still, damp evenings.',
        'A paper map and compass, because phone batteries die in the cold.',
      ),
      h('Checking the forecast'),
      'The mountain forecasts are far more useful than general weather apps. I check the summit wind speed before every walk and turn back if it is above my limit:',
      code('text', `
summit wind    decision
-----------    --------------
under 30 mph   go
30-45 mph      low route only
over 45 mph    cafe day
`),
      'The cafe days were good too. We found a distillery, read a lot, and dried our boots by the fire. I save planned routes in the GPS app as `route-A` and `route-B`, so switching on the day is easy. The [Highland walking safety notes](https://example.com/travel/highland-walking-safety) are essential reading.',
    ),
  },
  // 41
  {
    author: 'johndoe',
    title: 'Data Analysis With Python and a Cup of Coffee',
    description: 'I tracked every coffee I drank for a year, and here is what pandas told me.',
    tags: ['python', 'coffee'],
    daysAgo: 238,
    hour: 8,
    body: md(
      'Last January I started logging every coffee I drank: the time, the type, and how I rated it. It was supposed to last a week. A year later I had 1,100 rows and an excuse to learn pandas properly.',
      h('The data'),
      code('python', `
import pandas as pd

df = pd.read_csv("coffee.csv", parse_dates=["time"])
df["hour"] = df["time"].dt.hour

print(df.groupby("kind")["rating"].mean().round(2))
print(df["hour"].value_counts().sort_index())
`),
      h('What I found'),
      ul(
        'Flat whites scored highest, but only from one cafe.',
        'My last coffee of the day drifted later on days full of meetings.',
        'Coffees after 15:00 went with worse sleep scores on my watch.',
        'Home espresso improved steadily, which felt like a win.',
      ),
      h('Tips for small personal datasets'),
      ol(
        'Log in the simplest format you will actually keep using. Mine was a phone shortcut that appended a line to a CSV file.',
        'Keep the raw data and never edit it by hand; clean it in code.',
        'Plot everything before computing statistics.',
      ),
      'The `groupby` and `resample` methods did most of the work. If you are new to pandas, the [ten minutes to pandas guide](https://example.com/python/pandas-intro) is a great starting point. And yes, I now stop drinking coffee at three.',
    ),
  },
  // 42
  {
    author: 'grace-hopkins',
    title: 'Rust for Python Developers: First Impressions',
    description: 'What surprised me, what frustrated me, and what I miss when I go back to Python.',
    tags: ['rust', 'python'],
    daysAgo: 256,
    hour: 15,
    body: md(
      'I wrote Python professionally for six years before trying Rust for a side project: a tool that indexes my ebook library. These are my honest impressions after three months.',
      h('What surprised me'),
      ul(
        'Cargo is wonderful. Dependencies, builds, tests and docs in one tool.',
        "The compiler's error messages read like a patient teacher.",
        'Pattern matching with `match` is more expressive than I expected.',
      ),
      h('What frustrated me'),
      ol(
        'Strings. `String` versus `&str` took me a week to stop fighting.',
        'Compile times on a cold build.',
        'Writing a tree structure, which led me to learn about `Rc` and `RefCell` far sooner than I wanted.',
      ),
      h('A comparison'),
      'Here is the same filter in both languages. First Python:',
      code('python', `
words = [w.lower() for w in text.split() if len(w) > 3]
`),
      'And then Rust:',
      code('rust', `
let words: Vec<String> = text
    .split_whitespace()
    .filter(|w| w.len() > 3)
    .map(|w| w.to_lowercase())
    .collect();
`),
      'The Rust version is longer but not harder to read once iterators click, and it ran about forty times faster on my library of 9,000 files.',
      h('Would I switch?'),
      'For scripts and data work, no; Python is still where I feel most at ease. For tools that I run often and want to be fast and reliable, Rust is now my first choice. The [Rust for Python developers](https://example.com/rust/for-python-developers) guide smoothed out a lot of bumps.',
    ),
  },
  // 43
  {
    author: 'tom_baker',
    title: 'Automating Backups With a Tiny Python Script',
    description: 'Dump, compress and prune old backups with less than fifty lines of code.',
    tags: ['python', 'devops'],
    daysAgo: 275,
    hour: 10,
    body: md(
      'A backup you have never restored is just a hope. After an uncomfortable evening recovering a database from a week-old snapshot, I wrote a small script that runs nightly and, more importantly, a second job that tests the restore.',
      h('The script'),
      code('python', `
import datetime
import gzip
import subprocess
from pathlib import Path

BACKUP_DIR = Path("/var/backups/app")
KEEP_DAYS = 14

def main() -> None:
    today = datetime.date.today()
    target = BACKUP_DIR / f"app-{today.isoformat()}.sql.gz"
    dump = subprocess.run(["pg_dump", "app"], check=True, capture_output=True)
    with gzip.open(target, "wb") as out:
        out.write(dump.stdout)
    cutoff = today - datetime.timedelta(days=KEEP_DAYS)
    for old in BACKUP_DIR.glob("app-*.sql.gz"):
        if datetime.date.fromisoformat(old.name[4:14]) < cutoff:
            old.unlink()

if __name__ == "__main__":
    main()
`),
      h('What makes it reliable'),
      ul(
        '`check=True` makes any failure loud instead of silently writing an empty file.',
        'File names sort by date, so the newest is always last.',
        'Old backups are pruned only after a new one succeeds.',
      ),
      h('Testing the restore'),
      ol(
        'Every Sunday, a job restores the latest backup into a scratch database.',
        'It runs a few sanity queries, such as counting users.',
        'If anything fails, it pages the on-call engineer.',
      ),
      "Uploading to off-site storage is a separate step using the provider's CLI. The [3-2-1 backup rule](https://example.com/devops/backup-rule) is a good yardstick for how many copies you need.",
    ),
  },
  // 44
  {
    author: 'elena_petrova',
    title: 'Saving Seeds From Your Best Plants',
    description: 'Free seeds, adapted to your own garden, with a little planning at the end of summer.',
    tags: ['gardens'],
    daysAgo: 300,
    hour: 9,
    body: md(
      'Saving seeds is one of the most satisfying things a gardener can do. Every year my balcony beans and tomatoes get a little better suited to the conditions, because I save seeds from the plants that did best.',
      h('Easy plants to start with'),
      ul(
        'Beans and peas: let a few pods dry on the plant.',
        'Tomatoes: ferment the seeds in water for a few days before drying them.',
        'Lettuce: let one plant bolt and collect the fluffy seed heads.',
        'Nasturtiums: collect the big seeds as they fall.',
      ),
      h('Avoid hybrids'),
      'Seeds from F1 hybrid varieties will not grow true to the parent. Choose open-pollinated or heirloom varieties if you want to save seed.',
      h('Drying and storing'),
      ol(
        'Dry seeds on a plate for one to two weeks, out of direct sun.',
        'Store them in paper envelopes, labelled clearly.',
        'Keep the envelopes in a sealed jar in a cool, dark cupboard.',
      ),
      'My labels follow a fixed format so I can sort them easily:',
      code('text', `
tomato    | gardener's delight        | 2023 | balcony south
bean      | borlotti lingua di fuoco  | 2023 | pot 4
lettuce   | marvel of four seasons    | 2022 | window box
`),
      'Most seeds keep for three to five years. Do a quick germination check before sowing older ones: put ten seeds on damp kitchen paper and count how many sprout. I note the result as `germ 8/10` on the envelope. Local seed swaps are a lovely way to share the surplus, and this [seed swap map](https://example.com/gardens/seed-swaps) lists events near you.',
    ),
  },
  // 45
  {
    author: 'mkowalski',
    title: 'Choosing Between UUIDs and Integer Keys',
    description: 'A practical comparison of primary key types, and why I now default to UUIDv7.',
    tags: ['databases', 'sql'],
    daysAgo: 330,
    hour: 14,
    body: md(
      'Few database debates last as long as this one. Auto-incrementing integers are compact and fast. UUIDs can be generated anywhere and do not leak how many rows you have. Both have real costs.',
      h('Integers'),
      ul(
        'Small: 8 bytes for a `bigint`.',
        'Naturally ordered, which keeps B-tree inserts at the end of the index.',
        'Easy to read in logs and URLs.',
        'But they expose row counts and growth rates, and merging data from two databases is painful.',
      ),
      h('Random UUIDs'),
      'Version 4 UUIDs are random, which scatters inserts across the whole index. On large tables, that means more page splits and worse cache behaviour.',
      h('Time-ordered UUIDs'),
      'UUIDv7 puts a millisecond timestamp in the first bits, so new keys are roughly increasing. You get most of the insert performance of integers and all the flexibility of UUIDs.',
      code('sql', `
CREATE TABLE articles (
  id         uuid PRIMARY KEY DEFAULT uuidv7(),
  title      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
`),
      h('My default'),
      ol(
        'Use UUIDv7 for anything exposed in URLs or APIs.',
        'Use integers for internal join tables and high-volume logs.',
        'Never expose sequential IDs for things users should not be able to enumerate.',
      ),
      'If your database cannot generate UUIDv7 natively yet, generate them in the application. The [UUID versions explained](https://example.com/databases/uuid-versions) article has a clear breakdown.',
    ),
  },
  // 46
  {
    author: 'priya-raman',
    title: 'Generics in TypeScript Without the Headache',
    description: 'Start from concrete functions and add type parameters only when you need them.',
    tags: ['typescript'],
    daysAgo: 360,
    hour: 11,
    body: md(
      'Generics scare a lot of developers, mostly because of the examples used to teach them. Real-world generics are usually simple: a function that works on several types and keeps track of which one it got.',
      h('Start concrete'),
      code('ts', `
function firstUser(users: User[]): User | undefined {
  return users[0];
}
`),
      'Now you need the same thing for articles. Instead of copying it, add a type parameter:',
      code('ts', `
function first<T>(items: T[]): T | undefined {
  return items[0];
}

const user = first(users);       // User | undefined
const article = first(articles); // Article | undefined
`),
      'TypeScript infers `T` from the argument, so callers rarely write it explicitly.',
      h('Constraints'),
      'When you need something from the type, say so with `extends`:',
      code('ts', `
function byId<T extends { id: string }>(items: T[], id: string): T | undefined {
  return items.find((item) => item.id === id);
}
`),
      h('Guidelines'),
      ul(
        'If a type parameter appears only once, you probably do not need it.',
        'Name parameters meaningfully when there is more than one, like `TInput` and `TOutput`.',
        'Let inference do the work; explicit type arguments in calling code are a smell.',
      ),
      'That is most of what you need day to day. For the rest, the [generics chapter](https://example.com/typescript/generics) of the handbook is clear and short.',
    ),
  },
  // 47
  {
    author: 'kenji-tanaka',
    title: 'A Week in Kyoto Record Shops',
    description: 'Crate digging across Kyoto, from tiny jazz specialists to sprawling second-hand stores.',
    tags: ['music', 'travel'],
    daysAgo: 395,
    hour: 19,
    body: md(
      'Kyoto is only half an hour from my home in Osaka, but I had never explored its record shops properly. Last autumn I took a week off and visited a new shop every day, with a budget and a list.',
      h('The plan'),
      code('text', `
mon   Kawaramachi, two jazz specialists
tue   Demachiyanagi, second-hand stores
wed   rest day: temples, no records
thu   Shijo, used CD and vinyl chains
fri   back to the best shop from monday
`),
      h('Tips for digging'),
      ul(
        'Ask the staff for recommendations. Many shop owners are encyclopedic and happy to talk.',
        'Check the obi strip; Japanese pressings with the original obi are worth more.',
        'Bring cash. Smaller shops often do not take cards.',
        'Fix a budget per day, not per week.',
      ),
      h('What I found'),
      ol(
        'A first Japanese pressing of a Bill Evans trio record in perfect condition.',
        'Several 1970s Japanese fusion albums I had never heard of.',
        'A shop owner who played me records for an hour and refused to sell me the best one.',
      ),
      'Between shops, coffee at a kissaten is mandatory, and many jazz kissa play records at a volume that demands silence. I logged each find with a tag like `kyoto-2023` in my collection file. If you are visiting, this [guide to Kyoto jazz kissa](https://example.com/travel/kyoto-jazz-kissa) is a good companion.',
    ),
  },
];

// [article, author, body, hoursAfter]; replies come after the comment they answer.
const commentRows: Array<[number, string, string, number]> = [
  [0, 'priya-raman', 'Thank you for the shout-out! The point about `satisfies` is so true; it replaced half of my old helper types too.', 2],
  [0, 'tom_baker', 'Sending this to my whole team. We have a DeepPartial in three different files and nobody remembers why.', 5],
  [0, 'grace-hopkins', 'Same lesson in Rust with trait bounds. The clever version compiles; the readable one survives.', 11],
  [0, 'johndoe', '@tom_baker That is exactly how ours started. Delete two of them and see what breaks.', 14],
  [1, 'elena_petrova', 'Made this last night with peppers from the balcony. The tip about keeping the heat low saved my eggs.', 6],
  [1, 'liam_obrien', 'Perfect dinner after a long run. I added a can of chickpeas to make it stretch further.', 15],
  [1, 'johndoe', 'Tried it with chipotle as suggested. The kitchen smelled amazing for hours.', 27],
  [2, 'johndoe', 'The tip about subtracting the child node times finally made the numbers make sense to me.', 5],
  [2, 'tom_baker', 'Buffers output is so underrated. Half of our slow queries turned out to be cold caches after a restart.', 12],
  [2, 'priya-raman', 'Would love a follow-up on reading plans for queries with CTEs.', 30],
  [3, 'liam_obrien', 'Walked this exact route in April. Graça at sunset was packed, but it was worth it.', 9],
  [3, 'kenji-tanaka', 'Beautiful. The advice about exposing for the highlights applies to the alleys in Kyoto too.', 22],
  [3, 'ana_costa', "As someone from Porto I have to admit Lisbon has the better light. Don't tell anyone.", 40],
  [4, 'grace-hopkins', 'Singing the melody first feels awkward, but it really works. Thanks for the list of tunes.', 15],
  [4, 'johndoe', 'The ffmpeg loop is handy. I use the same filter to slow down conference talks, oddly enough.', 36],
  [5, 'ana_costa', 'I need this for my herb garden. How did the scaffold boards hold up over the winter?', 4],
  [5, 'elena_petrova', '@ana_costa Surprisingly well. A bit of grey weathering but no rot so far. The compost bag lining helps.', 9],
  [5, 'liam_obrien', 'The 1.2 m width rule is so important. My first bed was too wide and I kept stepping into it.', 52],
  [6, 'johndoe', 'This is the post I will send to anyone who asks why I avoid optional booleans.', 2],
  [6, 'mkowalski', 'Same idea works in the database with a check constraint on the status column. Invalid states never get stored.', 18],
  [6, 'grace-hopkins', 'Rust enums gave me this habit, and it is nice to see it works just as well in TypeScript.', 27],
  [6, 'tom_baker', 'We adopted the status naming convention after reading this. Reviews got noticeably faster.', 120],
  [7, 'tom_baker', 'Congratulations on the sub-four! The plain text log is a very engineer thing to do and I approve.', 6],
  [7, 'sofia_marquez', 'The calf story is so relatable. Resting is the hardest part of any plan.', 19],
  [7, 'kenji-tanaka', 'Running slowly to get faster sounds a lot like practising slowly to play fast. Same principle.', 33],
  [7, 'elena_petrova', 'Inspiring. I might try a half marathon next year.', 80],
  [8, 'priya-raman', 'Deleting items from Later is the part everyone skips. It is very freeing once you do it.', 4],
  [8, 'grace-hopkins', 'I tried this for two weeks and it stuck better than any app. Five items is the magic number.', 50],
  [8, 'johndoe', 'I added a third list called Waiting, for things blocked on other people. It still feels simple.', 75],
  [9, 'kenji-tanaka', "Cloud Atlas is one of my favourites. Have you read Einstein's Dreams? It is very short and all about time.", 10],
  [9, 'grace-hopkins', '@kenji-tanaka Not yet, but it is on the list now. Thank you!', 14],
  [9, 'elena_petrova', "Time's Arrow was so unsettling. I read it in one sitting and then needed a long walk.", 30],
  [10, 'tom_baker', 'Request IDs in every log line changed our incident response completely. Great write-up.', 3],
  [10, 'mkowalski', 'JSON logs also load straight into a database for ad hoc analysis, which is my favourite trick.', 20],
  [10, 'priya-raman', 'Constant messages with variable fields should be a lint rule. Maybe I will write one.', 48],
  [11, 'johndoe', 'Grinding one notch finer fixed my sour cups overnight. I had been blaming the beans.', 8],
  [11, 'sofia_marquez', 'Rinsing the filter made a bigger difference than I expected. Thank you!', 26],
  [11, 'kenji-tanaka', 'Writing the setting down with the bean name is a great habit. I always forget.', 60],
  [12, 'johndoe', 'Number one bit us last month. A cascading delete took minutes until we added the index.', 2],
  [12, 'tom_baker', 'The pg_stat_user_indexes tip found eleven unused indexes on our main database.', 30],
  [13, 'sofia_marquez', 'I do not write code, but I understood this. That is a good analogy.', 11],
  [13, 'johndoe', "A librarian-approved borrow checker. I'm stealing this for our next onboarding session.", 18],
  [13, 'priya-raman', 'Moving the println to the end is a perfect way to show the error. Lovely post.', 40],
  [13, 'mkowalski', 'Now do lifetimes as due dates.', 55],
  [14, 'ana_costa', 'I have been scared to try a worm bin because of the smell. This makes it sound manageable.', 7],
  [14, 'elena_petrova', "@ana_costa It really is. Start small and don't overfeed, and you will barely notice it.", 10],
  [14, 'grace-hopkins', 'Bokashi is great for a small kitchen. I bury mine in a big planter and it works fine.', 64],
  [15, 'kenji-tanaka', 'Zone focusing changed my street photos too. I almost never miss focus now.', 13],
  [15, 'liam_obrien', 'Shooting from chest height feels sneaky, but the results are so much more natural.', 36],
  [16, 'tom_baker', 'Steps four and five are what I listen for as an interviewer too. Great template.', 5],
  [16, 'johndoe', 'The one-page project summary is a good idea even if you are not interviewing.', 22],
  [16, 'grace-hopkins', 'Thanks for being open about the rejection. That kind of feedback is useful for the rest of us.', 48],
  [17, 'mkowalski', 'The expand and contract section is the important part. Most teams get the proxy right and then break the schema.', 4],
  [17, 'johndoe', 'We use the same approach with two systemd units. Rollbacks take seconds.', 28],
  [18, 'elena_petrova', 'Mine is called Gloop and she is three years old now. The day-two slump nearly made me give up too.', 16],
  [18, 'liam_obrien', 'Started one on Saturday following this. Day four, and lots of bubbles!', 90],
  [18, 'sofia_marquez', 'Labelling the jar is smart. My flatmate threw out my first starter.', 110],
  [19, 'grace-hopkins', 'How Music Works is a great book even for people who do not play anything. Adding the others to my list.', 21],
  [19, 'priya-raman', 'One chapter per week is good advice for technical books too.', 45],
  [20, 'sofia_marquez', 'The coastal route is gorgeous. Did you stop in Póvoa de Varzim?', 8],
  [20, 'liam_obrien', '@sofia_marquez Only for a coffee, but it looked lovely. Next time!', 12],
  [20, 'ana_costa', 'The fish in Vila do Conde is the best. So glad you stopped there.', 30],
  [21, 'tom_baker', 'Returning an exit code from main is the detail most people miss. Nice skeleton.', 6],
  [21, 'grace-hopkins', 'This is exactly how my scripts look before I rewrite them in Rust for fun.', 44],
  [22, 'johndoe', 'WAL mode plus busy_timeout solved every "database is locked" error I ever had.', 4],
  [22, 'tom_baker', 'Backups are simpler too. Copying one file is hard to get wrong.', 25],
  [22, 'priya-raman', 'We run our internal tools on SQLite and nobody has complained in two years.', 60],
  [23, 'sofia_marquez', 'Sungold is my favourite too. Any tips for a north-facing balcony?', 14],
  [23, 'elena_petrova', '@sofia_marquez Cherry types are your best bet, and a pale wall behind them helps. Expect a later harvest.', 20],
  [25, 'johndoe', 'We do this with zod too, and it caught a missing secret on the very first deploy.', 5],
  [25, 'tom_baker', 'Fail fast on secrets, always. An empty string is the worst possible default.', 17],
  [26, 'kenji-tanaka', 'Cropping first is such a simple tip, but I always did it last. I will try your order.', 20],
  [27, 'priya-raman', 'Three blocks feels achievable. Full time blocking never lasted a week for me either.', 9],
  [27, 'liam_obrien', 'Mornings for deep work and afternoons for everything else is how I plan my training weeks too.', 54],
  [28, 'johndoe', 'Made this with my kids on Sunday. The best thing I have ever baked, and I do not bake.', 26],
  [28, 'elena_petrova', 'I pressed cherry tomatoes and olives into the top. Perfect.', 48],
  [28, 'kenji-tanaka', 'Eighty percent hydration scared me, but wet hands made it easy.', 100],
  [29, 'tom_baker', 'The last block, playing for fun, is what makes it sustainable. That applies to side projects too.', 12],
  [29, 'sofia_marquez', 'I have just started learning and this is so encouraging. Twenty minutes I can do.', 30],
  [31, 'priya-raman', "The double-response bug is a classic. Fastify's strictness has found a few of those for us too.", 6],
  [31, 'mkowalski', 'Did you see any change in memory use after the migration?', 20],
  [31, 'johndoe', '@mkowalski A little lower, but the big win was latency under load.', 26],
  [32, 'priya-raman', 'Using lag() for month-over-month is such a relief compared to self-joins.', 9],
  [32, 'johndoe', 'The top N per group example is going straight into my snippets file.', 30],
  [33, 'ana_costa', 'I let my chives flower after reading this, and the bees arrived within a week.', 40],
  [34, 'kenji-tanaka', 'Borrowed books getting finished more often is so true. The due date is the best motivator.', 11],
  [34, 'elena_petrova', 'As a librarian, I love this post. Borrow more books, everyone!', 16],
  [35, 'liam_obrien', 'Wearing the bulky stuff on the plane is the best tip. I looked ridiculous, but it worked.', 30],
  [36, 'tom_baker', 'Labelling review comments as nit or blocking has cut out so much back and forth for us.', 7],
  [36, 'johndoe', 'Open office hours are underrated. Our juniors ask far more questions since we started them.', 40],
  [37, 'johndoe', 'Pinning image versions saved us when a new major Postgres release came out.', 14],
  [37, 'mkowalski', 'Named volumes, yes. I have lost a local database to an anonymous volume more than once.', 33],
  [38, 'johndoe', 'Ice cube trays of concentrate. Genius. I am never going back.', 18],
  [40, 'sofia_marquez', 'The cafe days sound like the best part. Scotland is on my list for next year.', 21],
  [41, 'ana_costa', 'A coffee dataset! What was your highest rated coffee of the year?', 6],
  [41, 'johndoe', '@ana_costa A flat white from a tiny cafe near my office. It beat my home espresso every time.', 9],
  [42, 'johndoe', 'String versus &str took me about a week too. Then it suddenly made sense.', 12],
  [43, 'mkowalski', 'Testing the restore every week is the part most people skip. Good on you.', 5],
  [43, 'johndoe', 'Pruning only after a successful backup is the detail I got wrong the first time.', 22],
  [44, 'ana_costa', 'I saved tomato seeds last year and they came up beautifully. The fermenting step is a bit smelly, though.', 30],
  [46, 'johndoe', 'If a type parameter appears only once, you do not need it. That rule alone would fix half of my old code.', 8],
  [46, 'grace-hopkins', 'The concrete-first approach is how I teach Rust generics too.', 35],
  [47, 'sofia_marquez', 'I need to photograph these shops. Which one was your favourite?', 15],
  [47, 'kenji-tanaka', '@sofia_marquez The one from Friday. I will send you the address.', 19],
];

export const seedComments: SeedComment[] = commentRows.map(([article, author, body, hoursAfter]) => ({
  article,
  author,
  body,
  hoursAfter,
}));

export const seedFollows: Array<[follower: string, followee: string]> = [
  ['johndoe', 'priya-raman'],
  ['johndoe', 'mkowalski'],
  ['johndoe', 'tom_baker'],
  ['johndoe', 'ana_costa'],
  ['johndoe', 'grace-hopkins'],
  ['priya-raman', 'johndoe'],
  ['priya-raman', 'grace-hopkins'],
  ['priya-raman', 'mkowalski'],
  ['mkowalski', 'johndoe'],
  ['mkowalski', 'tom_baker'],
  ['tom_baker', 'johndoe'],
  ['tom_baker', 'mkowalski'],
  ['tom_baker', 'priya-raman'],
  ['ana_costa', 'elena_petrova'],
  ['ana_costa', 'sofia_marquez'],
  ['ana_costa', 'liam_obrien'],
  ['sofia_marquez', 'ana_costa'],
  ['sofia_marquez', 'liam_obrien'],
  ['sofia_marquez', 'kenji-tanaka'],
  ['liam_obrien', 'sofia_marquez'],
  ['liam_obrien', 'ana_costa'],
  ['kenji-tanaka', 'sofia_marquez'],
  ['kenji-tanaka', 'grace-hopkins'],
  ['elena_petrova', 'ana_costa'],
  ['elena_petrova', 'grace-hopkins'],
  ['grace-hopkins', 'kenji-tanaka'],
  ['grace-hopkins', 'priya-raman'],
  ['grace-hopkins', 'elena_petrova'],
];

// Article indexes each user has favorited (a few authors favorite one of their own).
const favoritesByUser: Array<[username: string, articles: number[]]> = [
  ['johndoe', [2, 6, 11, 12, 13, 22, 25, 28, 32, 41, 46]],
  ['ana_costa', [3, 5, 14, 15, 20, 23, 28, 33, 41, 44]],
  ['mkowalski', [0, 6, 10, 17, 21, 22, 25, 31, 37, 43]],
  ['priya-raman', [0, 2, 8, 10, 13, 16, 22, 24, 27, 31, 42]],
  ['liam_obrien', [1, 3, 5, 11, 15, 18, 20, 26, 28, 35, 38]],
  ['sofia_marquez', [1, 3, 7, 11, 18, 20, 23, 29, 40, 47]],
  ['kenji-tanaka', [3, 9, 11, 15, 26, 28, 34, 35, 41, 47]],
  ['elena_petrova', [1, 5, 9, 18, 19, 28, 34, 38, 40]],
  ['tom_baker', [0, 2, 6, 10, 12, 17, 21, 25, 31, 45]],
  ['grace-hopkins', [0, 4, 6, 16, 19, 24, 29, 39, 46]],
];

export const seedFavorites: Array<[username: string, article: number]> = favoritesByUser.flatMap(
  ([username, articles]) => articles.map((article): [string, number] => [username, article]),
);
