/**
 * What a desktop notification about new tickets says: an account's title and body
 * templates filled with the ticket's values (the variables are the contract's, which
 * also refuses unknown ones), and the words of a grouped burst. Pure, shared by the
 * account form's preview and main (what is shown).
 */
import { NOTIFICATION_VARIABLES, type NotificationVariable } from './contract';
import { fillNamed } from './templates';

export type NotificationValues = Record<NotificationVariable, string>;

function isNotificationVariable(name: string): name is NotificationVariable {
  return Object.hasOwn(NOTIFICATION_VARIABLES, name);
}

/** A template with the values in, on one line (desktops show one line of title). */
export function fillNotification(template: string, values: NotificationValues): string {
  return fillNamed(template, isNotificationVariable, values).text.replace(/\s+/g, ' ').trim();
}

/** "12 new in Support": the title of a burst grouped into one notification. */
export function burstTitle(count: number, queue: string): string {
  return `${count} new in ${queue || 'no queue'}`;
}

/** The first few of a burst, one per line ("Maria Garcia: Where is my parcel?"), then "and 9 more". */
export function burstBody(items: { customer: string; subject: string }[], shown = 3): string {
  const lines = items.slice(0, shown).map((i) => (i.customer ? `${i.customer}: ${i.subject}` : i.subject));
  if (items.length > shown) lines.push(`and ${items.length - shown} more`);
  return lines.join('\n');
}

/** Values for the form's preview. */
export const SAMPLE_NOTIFICATION_VALUES: NotificationValues = {
  customer: 'Maria Garcia',
  subject: 'Where is my parcel?',
  account: 'Support',
  queue: 'Support',
};
