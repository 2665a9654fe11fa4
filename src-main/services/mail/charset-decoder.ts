import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';

/** Names mailparser hands over that the WHATWG decoder spells differently (it maps ks_c_5601-1987 to CP949). */
const ALIASES: Record<string, string> = { cp949: 'euc-kr' };

const WINDOWS_1252 = 'Windows-1252 (Western European)';

function knownDecoder(charset: string): TextDecoder | null {
  try {
    return new TextDecoder(ALIASES[charset.toLowerCase()] ?? charset);
  } catch {
    return null;
  }
}

/** Bytes that are valid UTF-8 almost always are UTF-8; anything else is most often a Western single-byte set. */
export function decodeByGuess(bytes: Buffer): { text: string; shownAs: string } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), shownAs: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), shownAs: WINDOWS_1252 };
  }
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
