/**
 * Realistic test messages as raw RFC 5322 text, deterministic for a given index,
 * so tests and benchmarks seed the same mail every run.
 */
const FIRST = ['Anna', 'Ben', 'Chiara', 'Dmitri', 'Elif', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemal', 'Lena'];
const LAST = ['Schmidt', 'Okafor', 'Rossi', 'Ivanova', 'Yilmaz', 'Haddad', 'Lee', 'Tanaka', 'Garcia', 'Berg', 'Demir', 'Novak'];
const TOPICS = [
  'Invoice {n} overdue — please advise',
  'Cannot log in to my account',
  'Order #{n} arrived damaged',
  'Question about the annual plan',
  'Refund request for order {n}',
  'Feature request: export to CSV',
  'Delivery address change for #{n}',
  'Password reset email never arrives',
];
const BODIES = [
  'Hello,\n\nI was charged twice for invoice {n}. Could you check and refund the second payment?\n\nThanks,\n{name}',
  'Hi team,\n\nsince this morning I cannot sign in. The page says my session expired, then loops back.\n\nBest regards\n{name}',
  'Good afternoon,\n\nthe parcel for order {n} arrived with a broken corner and the device does not start.\nPhotos attached.\n\n{name}',
];

export interface FixtureOptions {
  to?: string;
  date?: Date;
}

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length] as T;
}

export function sender(i: number): { name: string; address: string } {
  const first = pick(FIRST, i);
  const last = pick(LAST, Math.floor(i / FIRST.length));
  return { name: `${first} ${last}`, address: `${first}.${last}@customers.example`.toLowerCase() };
}

export function subjectFor(i: number): string {
  return pick(TOPICS, i).replace('{n}', String(10_000 + i));
}

/** A plain-text support request; index i makes sender, subject and date unique. */
export function plainMessage(i: number, options: FixtureOptions = {}): string {
  const from = sender(i);
  const date = options.date ?? new Date(Date.UTC(2026, 0, 1) + i * 60_000);
  const body = pick(BODIES, i).replace('{n}', String(10_000 + i)).replace('{name}', from.name);
  return [
    `From: "${from.name}" <${from.address}>`,
    `To: ${options.to ?? 'support@example.test'}`,
    `Subject: ${subjectFor(i)}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <fixture-${i}@customers.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
    '',
  ].join('\r\n');
}

/**
 * An HTML newsletter carrying a script, an inline handler and a remote image,
 * the things the reader must neutralise.
 */
export function hostileHtmlMessage(remoteImageUrl: string, options: FixtureOptions = {}): string {
  const html = `<!doctype html><html><head><script>document.title='pwned';parent.document.body.dataset.pwned='1'</script></head>
<body><h1 id="headline">Spring sale</h1>
<p onclick="parent.document.body.dataset.pwned='2'">Up to <b>40% off</b> everything.</p>
<img id="tracker" src="${remoteImageUrl}" width="1" height="1" alt="">
<a id="shop-link" href="https://shop.example/sale">Shop now</a>
<script>parent.document.body.dataset.pwned='3'</script>
</body></html>`;
  return [
    'From: "Shop Newsletter" <news@shop.example>',
    `To: ${options.to ?? 'support@example.test'}`,
    'Subject: Spring sale: up to 40% off',
    `Date: ${(options.date ?? new Date(Date.UTC(2026, 5, 1))).toUTCString()}`,
    'Message-ID: <hostile@shop.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Spring sale: up to 40% off everything.',
    '--alt',
    'Content-Type: text/html; charset=utf-8',
    '',
    html,
    '--alt--',
    '',
  ].join('\r\n');
}
