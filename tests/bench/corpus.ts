/**
 * The benchmark's mailbox: a deterministic, realistic mix built on the test
 * fixtures (plainMessage(i) gives sender, subject, date and body), so every run
 * seeds the same mail. Roughly: 55 % plain text (some with a quoted thread),
 * 25 % HTML newsletters/receipts (multipart/alternative), 15 % text with a small
 * attachment, 5 % HTML with a larger attachment. Flags: ~70 % \Seen, ~20 %
 * \Answered, 2 % \Flagged.
 */
import type { SeedMessage } from '../support/mail-servers';
import { plainMessage, sender, subjectFor } from '../support/fixtures';

export type MessageKind = 'plain' | 'html' | 'attachment' | 'html+attachment';

/** Small fast PRNG (mulberry32), seeded per message so message i never changes. */
export function rng(seed: number): () => number {
  let a = (seed * 2654435761 + 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One incompressible blob; attachments are slices of it at varying offsets. */
const BLOB: Buffer = (() => {
  const next = rng(424242);
  const buf = Buffer.alloc(512 * 1024);
  for (let i = 0; i < buf.length; i += 4) buf.writeUInt32LE(Math.floor(next() * 4294967296), i);
  return buf;
})();

export const QUOTES = [
  'Thanks for getting back to me so quickly, I really appreciate it.',
  'As mentioned in my previous message, the issue started after the last update.',
  'Our finance department needs the corrected invoice before the end of the month.',
  'I have attached the screenshots again in case they got lost.',
  'Could you please escalate this to someone who can process the refund?',
  'The tracking number shows the parcel was delivered, but nobody received it.',
  'We are a team of twelve and would like to switch to the annual plan.',
  'Please note our new billing address in the signature below.',
];
const PRODUCTS = ['Desk lamp', 'Ergonomic chair', 'USB-C dock', 'Noise-cancelling headset', 'Standing desk', 'Monitor arm', 'Webcam', 'Keyboard'];
const HTML_KINDS = ['Receipt', 'Shipping update', 'Weekly digest', 'Newsletter'];

export interface CorpusMessage extends SeedMessage {
  raw: Buffer;
  kind: MessageKind;
}

/** \Flagged at seeding time (2 %). */
export function flaggedAtSeed(i: number): boolean {
  return i % 50 === 7;
}

/** The 1 % that the "1 % flag change" step flags later (disjoint from flaggedAtSeed). */
export function flaggedLater(i: number): boolean {
  return i % 100 === 3;
}

/**
 * The UIDs of flaggedLater among n seeded messages, as UID sets of at most 1,000 UIDs: at
 * 1,000,000 messages one set of all 10,000 made a 70 KB command line, past Dovecot's
 * 64 KB imap_max_line_length, and the server refused the STORE.
 */
export function flaggedLaterSets(n: number): string[] {
  const uids: number[] = [];
  for (let i = 0; i < n; i++) if (flaggedLater(i)) uids.push(i + 1);
  return Array.from({ length: Math.ceil(uids.length / 1000) }, (_, k) => uids.slice(k * 1000, (k + 1) * 1000).join(','));
}

function kindOf(r: number): MessageKind {
  if (r < 0.55) return 'plain';
  if (r < 0.8) return 'html';
  if (r < 0.95) return 'attachment';
  return 'html+attachment';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

function base64Lines(buf: Buffer): string {
  return (buf.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

/** plainMessage(i) split into its header lines up to MIME-Version, and its text body. */
function fixtureParts(i: number, date: Date): { headers: string[]; body: string } {
  const raw = plainMessage(i, { date });
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).split('\r\n').filter((h) => !/^Content-(Type|Transfer-Encoding):/i.test(h));
  return { headers, body: raw.slice(split + 4) };
}

function quotedThread(next: () => number, i: number): string {
  const lines = Math.floor(next() * 40);
  if (lines === 0) return '';
  const prev = sender(i + 7);
  const out = ['', `On Mon, ${prev.name} <${prev.address}> wrote:`];
  for (let l = 0; l < lines; l++) out.push(`> ${QUOTES[Math.floor(next() * QUOTES.length)]}`);
  return out.join('\r\n');
}

function htmlBody(next: () => number, i: number, text: string): string {
  const rows = 3 + Math.floor(next() * 60);
  const kind = HTML_KINDS[i % HTML_KINDS.length]!;
  const items: string[] = [];
  for (let r = 0; r < rows; r++) {
    const product = PRODUCTS[Math.floor(next() * PRODUCTS.length)]!;
    items.push(
      `<tr><td style="padding:4px 8px;border-bottom:1px solid #eee">${escapeHtml(product)}</td>` +
        `<td style="padding:4px 8px;text-align:right">${(next() * 400).toFixed(2)} EUR</td></tr>`,
    );
  }
  return [
    '<!doctype html><html><head><meta charset="utf-8"><style>body{font-family:Arial,sans-serif}</style></head>',
    `<body><h2 style="color:#234">${kind} for ${escapeHtml(subjectFor(i))}</h2>`,
    `<p>${escapeHtml(text).replace(/\r?\n/g, '<br>')}</p>`,
    `<table cellspacing="0" style="width:100%">${items.join('\r\n')}</table>`,
    '<p style="font-size:11px;color:#888">You receive this email because you are a customer. <a href="https://shop.example/unsubscribe">Unsubscribe</a></p>',
    '</body></html>',
  ].join('\r\n');
}

function attachmentPart(next: () => number, i: number, minKb: number, maxKb: number): string {
  const size = Math.floor((minKb + next() * (maxKb - minKb)) * 1024);
  const offset = Math.floor(next() * (BLOB.length - size));
  const pdf = next() < 0.5;
  const name = pdf ? `invoice-${10_000 + i}.pdf` : `photo-${i}.jpg`;
  return [
    `Content-Type: ${pdf ? 'application/pdf' : 'image/jpeg'}; name="${name}"`,
    `Content-Disposition: attachment; filename="${name}"`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(BLOB.subarray(offset, offset + size)),
  ].join('\r\n');
}

function alternative(boundary: string, text: string, html: string): string {
  return [
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    text,
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    html,
    `--${boundary}--`,
  ].join('\r\n');
}

/** Message i of the benchmark mailbox (UID i + 1 in a fresh mailbox). */
export function corpusMessage(i: number): CorpusMessage {
  const next = rng(i + 1);
  const kind = kindOf(next());
  const date = new Date(Date.UTC(2025, 0, 1) + i * 97_000);
  const { headers, body } = fixtureParts(i, date);
  const extra: string[] = [];
  if (next() < 0.3) {
    extra.push(`In-Reply-To: <fixture-${Math.max(0, i - 1)}@customers.example>`, `References: <fixture-${Math.max(0, i - 1)}@customers.example>`);
  }
  if (next() < 0.15) extra.push(`Cc: "${sender(i + 3).name}" <${sender(i + 3).address}>`);
  const text = body.trimEnd() + '\r\n' + quotedThread(next, i) + '\r\n';
  const b = `=_mr_${i}`;
  let content: string[];
  switch (kind) {
    case 'plain':
      content = ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', text];
      break;
    case 'html':
      content = [`Content-Type: multipart/alternative; boundary="${b}a"`, '', alternative(`${b}a`, text, htmlBody(next, i, text)), ''];
      break;
    case 'attachment':
      content = [
        `Content-Type: multipart/mixed; boundary="${b}m"`,
        '',
        `--${b}m`,
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        text,
        `--${b}m`,
        attachmentPart(next, i, 2, 40),
        `--${b}m--`,
        '',
      ];
      break;
    case 'html+attachment':
      content = [
        `Content-Type: multipart/mixed; boundary="${b}m"`,
        '',
        `--${b}m`,
        `Content-Type: multipart/alternative; boundary="${b}a"`,
        '',
        alternative(`${b}a`, text, htmlBody(next, i, text)),
        `--${b}m`,
        attachmentPart(next, i, 40, 150),
        `--${b}m--`,
        '',
      ];
      break;
  }
  const raw = Buffer.from([...headers, ...extra, ...content].join('\r\n'), 'utf8');
  const flags: string[] = [];
  if (next() < 0.7) flags.push('\\Seen');
  if (next() < 0.2) flags.push('\\Answered');
  if (flaggedAtSeed(i)) flags.push('\\Flagged');
  return { raw, kind, flags, internalDate: new Date(date.getTime() + 5_000) };
}

export interface CorpusStats {
  messages: number;
  bytes: number;
  byKind: Record<MessageKind, number>;
}

/** Yields the N messages (lazily, for appendMany) and tallies what was yielded into stats. */
export function* corpus(n: number, stats: CorpusStats): Generator<CorpusMessage> {
  for (let i = 0; i < n; i++) {
    const msg = corpusMessage(i);
    stats.messages += 1;
    stats.bytes += msg.raw.length;
    stats.byKind[msg.kind] += 1;
    yield msg;
  }
}

export function emptyCorpusStats(): CorpusStats {
  return { messages: 0, bytes: 0, byKind: { plain: 0, html: 0, attachment: 0, 'html+attachment': 0 } };
}

/** 20 queries: single words, prefixes, two words, sender names, subject phrases. */
export const SEARCH_QUERIES: readonly string[] = [
  'invoice',
  'refund',
  'parcel',
  'password',
  'damaged',
  'screenshots',
  'tracking',
  'inv',
  'deliv',
  'escal',
  'cust',
  'charged twice',
  'annual plan',
  'broken corner',
  'Chiara Rossi',
  'Hiro Tanaka',
  'grace.lee',
  'Cannot log in to my account',
  'Feature request: export to CSV',
  'Refund request for order 10044',
];
