/**
 * Reads a Mozilla autoconfig file (config-v1.1.xml, the format of Thunderbird's ISPDB and
 * of autoconfig.<domain>): the IMAP and SMTP servers it lists, best first, with the
 * placeholders filled in for one address. POP3, Exchange and other server types are left out.
 * Format: https://wiki.mozilla.org/Thunderbird:Autoconfiguration:ConfigFileFormat
 */
// xmldom's types are the DOM's own (its typings pull in lib "dom"): Element below is that.
import { DOMParser } from '@xmldom/xmldom';
import type { Security } from '../../../../src-preload/contract';

export interface AutoconfigServer {
  host: string;
  port: number;
  security: Security;
  /** The sign-in name with the placeholders filled in ("%EMAILLOCALPART%" → "support"). */
  username: string;
}

export interface Autoconfig {
  imap: AutoconfigServer[];
  smtp: AutoconfigServer[];
}

const ELEMENT_NODE = 1;
const SOCKET_TYPES: Record<string, Security> = { SSL: 'tls', STARTTLS: 'starttls', plain: 'none' };
/** A DNS host name: letters, digits and hyphens in dot-separated labels; nothing that would change a URL's path or an address. */
export const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*$/;

function fill(template: string, email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  return template.replace(/%EMAILADDRESS%/g, email).replace(/%EMAILLOCALPART%/g, local).replace(/%EMAILDOMAIN%/g, domain);
}

function childText(el: Element, name: string): string {
  for (let node = el.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === ELEMENT_NODE && (node as Element).localName === name) return (node.textContent ?? '').trim();
  }
  return '';
}

/** One <incomingServer> or <outgoingServer>; null when it is incomplete or names no usable host. */
function serverOf(el: Element, email: string): AutoconfigServer | null {
  const host = fill(childText(el, 'hostname'), email).toLowerCase();
  const port = Number(childText(el, 'port'));
  const security = SOCKET_TYPES[childText(el, 'socketType')];
  if (!HOST_NAME.test(host) || !Number.isInteger(port) || port < 1 || port > 65535 || !security) return null;
  return { host, port, security, username: fill(childText(el, 'username') || '%EMAILADDRESS%', email) };
}

/** The servers of the file's first emailProvider; null when the text is not an autoconfig file. */
export function parseAutoconfig(xml: string, email: string): Autoconfig | null {
  let provider: Element | undefined;
  // xmldom reports broken markup through its error handler; a broken file is no file.
  let broken = false;
  const doc = new DOMParser({ errorHandler: { warning: () => undefined, error: () => (broken = true), fatalError: () => (broken = true) } }).parseFromString(xml, 'text/xml');
  if (broken) return null;
  const root = doc.documentElement;
  if (root?.localName !== 'clientConfig') return null;
  for (let node = root.firstChild; node && !provider; node = node.nextSibling) {
    if (node.nodeType === ELEMENT_NODE && (node as Element).localName === 'emailProvider') provider = node as Element;
  }
  if (!provider) return null;
  const result: Autoconfig = { imap: [], smtp: [] };
  for (let node = provider.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== ELEMENT_NODE) continue;
    const el = node as Element;
    const type = el.getAttribute('type');
    if (el.localName === 'incomingServer' && type === 'imap') {
      const server = serverOf(el, email);
      if (server) result.imap.push(server);
    } else if (el.localName === 'outgoingServer' && type === 'smtp') {
      const server = serverOf(el, email);
      if (server) result.smtp.push(server);
    }
  }
  return result;
}
