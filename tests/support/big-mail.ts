/**
 * The big shapes of issue 16, generated deterministically (the same bytes every run):
 * for the big-mail integration test and the benchmark's big-message phase.
 */
import crypto from 'node:crypto';

export interface BigMessage {
  raw: Buffer;
  subject: string;
  /** Bytes of the raw message: its RFC822.SIZE once appended. */
  size: number;
  rawSha256: string;
  /** The attachment's decoded bytes' SHA-256, for the shapes that carry one. */
  attachmentSha256?: string;
}

const MB = 1024 * 1024;
/** 57 bytes make one 76-character base64 line; a chunk of whole lines keeps the lines whole across chunks. */
const BASE64_CHUNK = 57 * 16_384;

function headers(subject: string, extra: string[] = []): string {
  return [
    'From: "Operations" <ops@big.example>',
    'To: bigmail@example.test',
    `Subject: ${subject}`,
    'Date: Tue, 01 Dec 2026 09:00:00 +0000',
    `Message-ID: <${crypto.createHash('sha256').update(subject).digest('hex').slice(0, 16)}@big.example>`,
    'MIME-Version: 1.0',
    ...extra,
  ].join('\r\n');
}

function finish(subject: string, parts: Buffer[], attachmentSha256?: string): BigMessage {
  const raw = Buffer.concat(parts);
  return { raw, subject, size: raw.length, rawSha256: crypto.createHash('sha256').update(raw).digest('hex'), ...(attachmentSha256 ? { attachmentSha256 } : {}) };
}

/** Pseudo-random bytes from AES-CTR under a fixed key: incompressible like a scan, fast to make, the same every run. */
function* deterministicBytes(seed: string, total: number): Generator<Buffer> {
  const key = crypto.createHash('sha256').update(seed).digest().subarray(0, 16);
  const cipher = crypto.createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  for (let done = 0; done < total; done += BASE64_CHUNK) yield cipher.update(Buffer.alloc(Math.min(BASE64_CHUNK, total - done)));
}

/** A short text and one binary attachment of `bytes` (base64, 76-character lines): 30 MB makes a 43 MB message. */
export function bigAttachmentMessage(subject: string, bytes: number, filename = 'scans.bin'): BigMessage {
  const hash = crypto.createHash('sha256');
  const parts = [
    Buffer.from(
      `${headers(subject, ['Content-Type: multipart/mixed; boundary="big-boundary"'])}\r\n\r\n--big-boundary\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe files are attached.\r\n--big-boundary\r\nContent-Type: application/octet-stream; name="${filename}"\r\nContent-Disposition: attachment; filename="${filename}"\r\nContent-Transfer-Encoding: base64\r\n\r\n`,
    ),
  ];
  for (const chunk of deterministicBytes(subject, bytes)) {
    hash.update(chunk);
    parts.push(Buffer.from(chunk.toString('base64').replace(/.{76}/g, '$&\r\n'), 'ascii'));
  }
  parts.push(Buffer.from('\r\n--big-boundary--\r\n'));
  return finish(subject, parts, hash.digest('hex'));
}

/** A message to 5,000 recipients (one folded To: header). */
export function manyRecipientsMessage(): BigMessage {
  const subject = 'To 5,000 recipients';
  const to = Array.from({ length: 5000 }, (_, i) => `"Customer ${i}" <customer${i}@customers.example>`).join(',\r\n ');
  const raw = headers(subject, ['Content-Type: text/plain; charset=utf-8']).replace('To: bigmail@example.test', `To: ${to}`);
  return finish(subject, [Buffer.from(`${raw}\r\n\r\nOur service window changes next week.\r\n`)]);
}

/** 200 multiparts nested in each other, the text at the bottom. */
export function deepMessage(): BigMessage {
  const subject = '200 nested multiparts';
  let open = '';
  let close = '';
  for (let i = 0; i < 200; i++) {
    open += `Content-Type: multipart/mixed; boundary="level-${i}"\r\n\r\n--level-${i}\r\n`;
    close = `\r\n--level-${i}--\r\n${close}`;
  }
  return finish(subject, [Buffer.from(`${headers(subject)}\r\n${open}Content-Type: text/plain; charset=utf-8\r\n\r\nThe bottom of 200 nested multiparts.\r\n${close}`)]);
}

/** 10.5 MB of plain text: "quartzbeginning" in its first line, "quartzending" in its last. */
export function longTextMessage(): BigMessage {
  const subject = '10 MB of text';
  const lines = ['Log excerpt quartzbeginning follows.'];
  let bytes = 0;
  for (let i = 0; bytes < 10.5 * MB; i++) {
    const line = `${String(i).padStart(7, '0')} job ${(i * 7919) % 10_007} finished with status ok after ${(i * 31) % 997} ms on worker ${i % 16}`;
    lines.push(line);
    bytes += line.length + 2;
  }
  lines.push('End of the log quartzending.');
  return finish(subject, [Buffer.from(`${headers(subject, ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 7bit'])}\r\n\r\n${lines.join('\r\n')}\r\n`)]);
}
