import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';

/** Names mailparser hands over that the WHATWG decoder spells differently (it maps ks_c_5601-1987 to CP949). */
const ALIASES: Record<string, string> = { cp949: 'euc-kr' };

const WINDOWS_1252 = 'Windows-1252 (Western European)';

/**
 * Windows-1252 through iconv-lite: Node 20's TextDecoder('windows-1252') decodes bytes
 * 0x80–0x9F (curly quotes, dashes, €) as ISO-8859-1 controls, so “quoted” came out as
 * invisible characters. Browsers decode it right.
 */
const windows1252 = {
  decode(bytes: Uint8Array): string {
    return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows-1252');
  },
};

function knownDecoder(charset: string): Pick<TextDecoder, 'decode'> | null {
  try {
    const decoder = new TextDecoder(ALIASES[charset.toLowerCase()] ?? charset);
    // The WHATWG labels latin1, iso-8859-1, us-ascii and others all mean windows-1252.
    return decoder.encoding === 'windows-1252' ? windows1252 : decoder;
  } catch {
    return null;
  }
}

/** Bytes that are valid UTF-8 almost always are UTF-8; anything else is most often a Western single-byte set. */
export function decodeByGuess(bytes: Buffer): { text: string; shownAs: string } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), shownAs: 'UTF-8' };
  } catch {
    return { text: windows1252.decode(bytes), shownAs: WINDOWS_1252 };
  }
}

/**
 * A header written in raw 8-bit instead of RFC 2047 encoded words: UTF-8 when the bytes are
 * valid UTF-8, else the message's own charset (what its sender's program most likely wrote
 * the headers in too), else windows-1252, never replacement characters.
 */
export function decodeUnlabelledHeader(bytes: Buffer, messageCharset: string | null): string {
  const guess = decodeByGuess(bytes);
  if (guess.shownAs === 'UTF-8' || !messageCharset || /^utf-?8$/i.test(messageCharset)) return guess.text;
  return knownDecoder(messageCharset)?.decode(bytes) ?? guess.text;
}

/** A charset name from the message as safe, short text for a notice. */
function printable(charset: string): string {
  return charset.replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, 40);
}

/**
 * The text-part decoder handed to mailparser (its `Iconv` option, which it calls for
 * every text part not in ASCII or UTF-8). It decodes with the WHATWG decoders browsers
 * use, which cover the mail charsets including ISO-2022-JP and Shift_JIS. A part in a
 * charset nobody knows is not dropped or left as broken UTF-8: it is decoded by a guess
 * and `notices` gets a sentence naming the charset and the guess.
 */
export function charsetDecoder(notices: string[]) {
  return class PartDecoder extends Transform {
    private readonly chunks: Buffer[] = [];

    constructor(private readonly charset: string) {
      super();
    }

    override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
      this.chunks.push(chunk);
      done();
    }

    override _flush(done: TransformCallback): void {
      const bytes = Buffer.concat(this.chunks);
      const decoder = knownDecoder(this.charset);
      if (decoder) {
        this.push(Buffer.from(decoder.decode(bytes)));
      } else {
        const { text, shownAs } = decodeByGuess(bytes);
        const notice = `This part's character set '${printable(this.charset)}' is not known; shown as ${shownAs}, so some characters may be wrong.`;
        if (!notices.includes(notice)) notices.push(notice);
        this.push(Buffer.from(text));
      }
      done();
    }
  };
}
