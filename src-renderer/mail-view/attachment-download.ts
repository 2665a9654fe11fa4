import type { AttachmentRef } from '../../src-preload/contract';
import { bridge } from '../lib/bridge';

/** Base64 from the bridge back into bytes (atob gives one character per byte). */
export function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Where main has no desktop to hand the file to (the browser host), the page's own
 * download: the bytes from main under the name main made safe, through a blob URL
 * that lives only for the click.
 */
export async function downloadAttachment(ref: AttachmentRef): Promise<void> {
  const { fileName, contentType, base64 } = await bridge().attachmentBytes(ref);
  const url = URL.createObjectURL(new Blob([bytesOf(base64)], { type: contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The download has its own copy once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
