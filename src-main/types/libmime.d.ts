/** The part of libmime (imapflow's and mailparser's MIME word codec) the sync uses; the package ships no types. */
declare module 'libmime' {
  /** Decodes RFC 2047 encoded words ("=?utf-8?Q?…?=") in a header value; other text is left as it is. */
  export function decodeWords(text: string): string;
  const libmime: { decodeWords: typeof decodeWords };
  export default libmime;
}
