/**
 * Hand-made nasty raw messages: every one must import (a row with whatever could be
 * read, parseWarnings where something failed), none may crash the sync or vanish.
 * `warns` marks the ones where a parse warning is expected.
 */
export interface MalformedMessage {
  name: string;
  raw: Buffer;
  warns: boolean;
}

const CRLF = '\r\n';
const latin1 = (text: string) => Buffer.from(text, 'latin1');
const lines = (...parts: string[]) => parts.join(CRLF);
const head = (name: string, extra: string[] = []) =>
  [`From: "Nasty ${name}" <nasty@example.test>`, 'To: support@example.test', `Subject: malformed ${name}`, 'Date: Mon, 2 Nov 2026 10:00:00 +0000', `Message-ID: <${name}@malformed.example>`, ...extra];

function nested(depth: number): string {
  let body = lines('Content-Type: text/plain', '', `innermost at depth ${depth}`);
  for (let i = depth; i > 0; i--) body = lines(`Content-Type: multipart/mixed; boundary="b${i}"`, '', `--b${i}`, body, `--b${i}--`);
  return body;
}

export const MALFORMED: MalformedMessage[] = [
  { name: 'broken-boundary', warns: false, raw: latin1(lines(...head('broken-boundary', ['Content-Type: multipart/mixed; boundary="right"']), '', '--wrong', 'Content-Type: text/plain', '', 'text under a wrong boundary', '--wrong--', '')) },
  { name: 'unterminated-multipart', warns: false, raw: latin1(lines(...head('unterminated-multipart', ['Content-Type: multipart/mixed; boundary="b"']), '', '--b', 'Content-Type: text/plain', '', 'never closed', '')) },
  { name: 'boundary-missing', warns: false, raw: latin1(lines(...head('boundary-missing', ['Content-Type: multipart/alternative']), '', '--x', 'hello', '--x--', '')) },
  { name: 'unknown-charset', warns: true, raw: latin1(lines(...head('unknown-charset', ['Content-Type: text/plain; charset=x-klingon']), '', 'caf\xe9 na\xefve', '')) },
  { name: 'bad-charset-name', warns: false, raw: latin1(lines(...head('bad-charset-name', ['Content-Type: text/plain; charset="utf-8\\x00;;"']), '', 'text', '')) },
  { name: 'no-from', warns: false, raw: latin1(lines('To: support@example.test', 'Subject: no from', 'Date: Mon, 2 Nov 2026 10:00:00 +0000', 'Message-ID: <no-from@malformed.example>', '', 'who sent this?', '')) },
  { name: 'no-date', warns: false, raw: latin1(lines('From: a@example.test', 'Subject: no date', 'Message-ID: <no-date@malformed.example>', '', 'when?', '')) },
  { name: 'no-subject', warns: false, raw: latin1(lines('From: a@example.test', 'Date: Mon, 2 Nov 2026 10:00:00 +0000', 'Message-ID: <no-subject@malformed.example>', '', 'about nothing', '')) },
  { name: 'no-message-id', warns: false, raw: latin1(lines('From: a@example.test', 'Subject: no message id', 'Date: Mon, 2 Nov 2026 10:00:00 +0000', '', 'anonymous', '')) },
  { name: 'no-headers-at-all', warns: false, raw: latin1(lines('', 'only a body after an empty line', '')) },
  { name: 'eight-bit-headers', warns: false, raw: latin1(lines('From: "J\xfcrgen \xff\xfe" <j@example.test>', 'Subject: Gr\xfc\xdfe \x80\x81\x82', 'Date: Mon, 2 Nov 2026 10:00:00 +0000', 'Message-ID: <eight-bit@malformed.example>', '', 'body', '')) },
  { name: 'huge-header', warns: false, raw: latin1(lines(...head('huge-header', [`X-Huge: ${'a'.repeat(200 * 1024)}`]), '', 'after a 200 KB header', '')) },
  { name: 'many-headers', warns: false, raw: latin1(lines(...head('many-headers', Array.from({ length: 3000 }, (_, i) => `X-Trace-${i}: ${i}`)), '', 'after 3000 headers', '')) },
  { name: 'nul-bytes', warns: true, raw: latin1(lines(...head('nul-bytes', ['Content-Type: text/plain']), '', 'before\0after\0\0end', '')) },
  { name: 'nul-in-header', warns: false, raw: latin1(lines('From: a@example.test', 'Subject: nul\0inside', 'Message-ID: <nul-in-header@malformed.example>', '', 'body', '')) },
  { name: 'wrong-cte', warns: false, raw: latin1(lines(...head('wrong-cte', ['Content-Type: text/plain', 'Content-Transfer-Encoding: base64']), '', 'This is not base64 at all!!! %%%', '')) },
  { name: 'unknown-cte', warns: false, raw: latin1(lines(...head('unknown-cte', ['Content-Type: text/plain', 'Content-Transfer-Encoding: x-martian']), '', 'martian text', '')) },
  { name: 'bad-quoted-printable', warns: false, raw: latin1(lines(...head('bad-quoted-printable', ['Content-Type: text/plain', 'Content-Transfer-Encoding: quoted-printable']), '', 'broken =ZZ escape and soft break =', '')) },
  { name: 'truncated-base64', warns: false, raw: latin1(lines(...head('truncated-base64', ['Content-Type: multipart/mixed; boundary="b"']), '', '--b', 'Content-Type: text/plain', '', 'see attachment', '--b', 'Content-Type: application/pdf; name="cut.pdf"', 'Content-Disposition: attachment; filename="cut.pdf"', 'Content-Transfer-Encoding: base64', '', 'JVBERi0xLjQKJcfs', '')) },
  { name: 'nested-50', warns: false, raw: latin1(lines(...head('nested-50', ['MIME-Version: 1.0']), nested(50), '')) },
  { name: 'empty', warns: true, raw: Buffer.alloc(0) },
  { name: 'only-headers', warns: true, raw: latin1(lines(...head('only-headers'), '')) },
  { name: 'headers-no-blank-line', warns: true, raw: latin1(head('headers-no-blank-line').join(CRLF)) },
  { name: 'bare-lf', warns: false, raw: latin1([...head('bare-lf'), '', 'line one', 'line two', ''].join('\n')) },
  { name: 'bare-cr', warns: false, raw: latin1([...head('bare-cr'), '', 'cr only'].join('\r')) },
  { name: 'utf7-subject', warns: false, raw: latin1(lines('From: a@example.test', 'Subject: =?utf-7?Q?+AGUAdQByAG8-?=', 'Message-ID: <utf7@malformed.example>', '', 'utf-7', '')) },
  { name: 'rfc2047-mess', warns: false, raw: latin1(lines('From: =?utf-8?B?broken base64?= <x@example.test>', 'Subject: =?iso-8859-1?Q?caf=E9?= =?utf-8?X?unknown?= =?utf-8?Q?=ZZ?= plain =?=?', 'Message-ID: <rfc2047@malformed.example>', '', 'encoded words', '')) },
  { name: 'bad-address-list', warns: false, raw: latin1(lines('From: <<<@@>>>, "unterminated', 'To: ;;;,,,', 'Cc: group: ;', 'Subject: addresses', 'Message-ID: <bad-addresses@malformed.example>', '', 'body', '')) },
  { name: 'bad-date', warns: false, raw: latin1(lines('From: a@example.test', 'Date: the day after tomorrow', 'Subject: bad date', 'Message-ID: <bad-date@malformed.example>', '', 'body', '')) },
  { name: 'folded-forever', warns: false, raw: latin1(lines('From: a@example.test', 'Subject: folded', ...Array.from({ length: 500 }, () => ' continued'), 'Message-ID: <folded@malformed.example>', '', 'body', '')) },
  { name: 'html-only-broken', warns: false, raw: latin1(lines(...head('html-only-broken', ['Content-Type: text/html']), '', '<html><body><p>unclosed <b><i><table><tr><td>cell', '')) },
  { name: 'binary-garbage-body', warns: false, raw: Buffer.concat([latin1(lines(...head('binary-garbage-body', ['Content-Type: application/octet-stream']), '', '')), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256))]) },
  { name: 'attachment-no-name', warns: false, raw: latin1(lines(...head('attachment-no-name', ['Content-Type: multipart/mixed; boundary="b"']), '', '--b', 'Content-Type: text/plain', '', 'hi', '--b', 'Content-Disposition: attachment', 'Content-Transfer-Encoding: base64', '', 'aGVsbG8=', '--b--', '')) },
  { name: 'message-rfc822-broken', warns: false, raw: latin1(lines(...head('message-rfc822-broken', ['Content-Type: multipart/mixed; boundary="b"']), '', '--b', 'Content-Type: message/rfc822', '', 'Subject: inner', 'Content-Type: multipart/mixed; boundary="inner"', '', '--inner', '--b--', '')) },
  { name: 'duplicate-content-type', warns: false, raw: latin1(lines(...head('duplicate-content-type', ['Content-Type: text/plain', 'Content-Type: multipart/mixed; boundary="b"']), '', 'which one?', '')) },
  { name: 'long-line', warns: false, raw: latin1(lines(...head('long-line'), '', 'x'.repeat(100_000), '')) },
];
