import type { Address } from '../../src-preload/contract';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dayMonthFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const fullDateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const longFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});
const numberFormat = new Intl.NumberFormat(undefined);

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** List date: today → time, this year → "Mar 3", older → "Mar 3, 2023". */
export function formatListDate(epochMs: number, now: Date = new Date()): string {
  if (!Number.isFinite(epochMs)) return '';
  const date = new Date(epochMs);
  if (sameDay(date, now)) return timeFormat.format(date);
  if (date.getFullYear() === now.getFullYear()) return dayMonthFormat.format(date);
  return fullDateFormat.format(date);
}

/** Reading-pane date: "Tue, Mar 3, 2026, 2:05 PM". */
export function formatFullDate(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return 'Unknown date';
  return longFormat.format(new Date(epochMs));
}

export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** 512 B, 12 KB, 1.4 MB: sizes the way a file manager shows them. */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${rounded} ${units[unit]}`;
}

/** The name people know the sender by, falling back to the address. */
export function senderName(from: Address | null | undefined): string {
  if (!from) return 'Unknown sender';
  const name = from.name.trim();
  if (name) return name;
  return from.address.trim() || 'Unknown sender';
}

/** "Ada Lovelace <ada@example.com>" or just the address. */
export function formatAddress(a: Address): string {
  const name = a.name.trim();
  return name && name !== a.address ? `${name} <${a.address}>` : a.address;
}

/** One or two letters for an avatar. */
export function initials(from: Address | null | undefined): string {
  const source = senderName(from);
  const isAddress = source.includes('@') && !/\s/.test(source);
  const words = (isAddress ? (source.split('@')[0] ?? '') : source)
    .split(isAddress ? /[._+-]+/ : /\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+/u, ''))
    .filter(Boolean);
  const first = words[0]?.[0] ?? '?';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** A stable hue per sender so avatars are recognisable at a glance. */
export function avatarHue(key: string): number {
  let hash = 0;
  for (let i = 0; i < key.length; i += 1) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % 360;
}

export function subjectOrPlaceholder(subject: string): string {
  return subject.trim() || '(no subject)';
}

/** For <time dateTime>: undefined instead of throwing on an unreadable date. */
export function isoDate(epochMs: number): string | undefined {
  const d = new Date(epochMs);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
