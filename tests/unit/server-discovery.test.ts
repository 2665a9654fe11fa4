import { describe, expect, it } from 'vitest';
import { parseAutoconfig } from '../../src-main/services/accounts/discovery/autoconfig-xml';
import { orderSrv } from '../../src-main/services/accounts/discovery/srv-records';

/** Shaped like Thunderbird's ISPDB files (github.com/thunderbird/autoconfig), namespaces and comments included. */
const ISPDB_STYLE = `<?xml version="1.0"?>
<!-- a comment before the root -->
<clientConfig version="1.1">
  <emailProvider id="example.org">
    <domain>example.org</domain>
    <displayName>Example Mail</displayName>
    <incomingServer type="pop3">
      <hostname>pop.example.org</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username>
    </incomingServer>
    <incomingServer type="imap">
      <hostname> imap.%EMAILDOMAIN% </hostname><port>993</port><socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>imap.example.org</hostname><port>143</port><socketType>STARTTLS</socketType><username>%EMAILLOCALPART%</username>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.example.org</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.example.org</hostname><port>25</port><socketType>plain</socketType>
    </outgoingServer>
  </emailProvider>
  <webMail><loginPage url="https://mail.example.org/"/></webMail>
</clientConfig>`;

describe('parseAutoconfig', () => {
  it('lists the IMAP and SMTP servers in the file order, placeholders filled, POP3 left out', () => {
    expect(parseAutoconfig(ISPDB_STYLE, 'Jo.Doe@example.org')).toEqual({
      imap: [
        { host: 'imap.example.org', port: 993, security: 'tls', username: 'Jo.Doe' },
        { host: 'imap.example.org', port: 143, security: 'starttls', username: 'Jo.Doe' },
      ],
      smtp: [
        { host: 'smtp.example.org', port: 587, security: 'starttls', username: 'Jo.Doe@example.org' },
        // No <username>: the whole address, as Thunderbird assumes.
        { host: 'smtp.example.org', port: 25, security: 'none', username: 'Jo.Doe@example.org' },
      ],
    });
  });

  it('skips servers with an unknown socket type, a bad port or a host name that is not one', () => {
    const xml = `<clientConfig><emailProvider id="x">
      <incomingServer type="imap"><hostname>imap.x.org</hostname><port>993</port><socketType>TLS1.3</socketType></incomingServer>
      <incomingServer type="imap"><hostname>imap.x.org</hostname><port>99999</port><socketType>SSL</socketType></incomingServer>
      <incomingServer type="imap"><hostname>imap.x.org/evil</hostname><port>993</port><socketType>SSL</socketType></incomingServer>
      <incomingServer type="imap"><hostname>imap.x.org</hostname><port>993</port><socketType>SSL</socketType></incomingServer>
    </emailProvider></clientConfig>`;
    expect(parseAutoconfig(xml, 'a@x.org')?.imap).toEqual([{ host: 'imap.x.org', port: 993, security: 'tls', username: 'a@x.org' }]);
  });

  it('reads past the slips real ISPDB files have after the servers (an unclosed <serverURL>)', () => {
    const xml = `<clientConfig version="1.1"><emailProvider id="x.org">
      <incomingServer type="imap"><hostname>imap.x.org</hostname><port>993</port><socketType>SSL</socketType></incomingServer>
      <outgoingServer type="smtp"><hostname>smtp.x.org</hostname><port>465</port><socketType>SSL</socketType></outgoingServer>
    </emailProvider>
    <addressBook type="carddav"><serverURL>https://x.org/carddav<serverURL></addressBook></clientConfig>`;
    expect(parseAutoconfig(xml, 'a@x.org')?.smtp).toEqual([{ host: 'smtp.x.org', port: 465, security: 'tls', username: 'a@x.org' }]);
  });

  it('takes broken markup, HTML error pages and other XML as no file', () => {
    expect(parseAutoconfig('<clientConfig><emailProvider>', 'a@x.org')).toBeNull();
    expect(parseAutoconfig('<!doctype html><html><body>Not found</body></html>', 'a@x.org')).toBeNull();
    expect(parseAutoconfig('<?xml version="1.0"?><rss><channel/></rss>', 'a@x.org')).toBeNull();
    expect(parseAutoconfig('', 'a@x.org')).toBeNull();
  });
});

describe('orderSrv', () => {
  const rec = (name: string, port: number, priority: number, weight: number) => ({ name, port, priority, weight });

  it('sorts by priority across both services, then by weight, implicit TLS first at a tie', () => {
    const ordered = orderSrv([
      { security: 'tls', records: [rec('b.example.org', 993, 10, 5), rec('a.example.org', 993, 10, 50), rec('t.example.org', 993, 20, 0)] },
      { security: 'starttls', records: [rec('c.example.org.', 143, 0, 0), rec('t.example.org', 143, 20, 0)] },
    ]);
    expect(ordered.map((s) => `${s.host}:${s.port}:${s.security}`)).toEqual([
      'c.example.org:143:starttls',
      'a.example.org:993:tls',
      'b.example.org:993:tls',
      't.example.org:993:tls',
      't.example.org:143:starttls',
    ]);
  });

  it('drops "." targets (service not offered) and repeats', () => {
    expect(orderSrv([{ security: 'tls', records: [rec('.', 0, 0, 0), rec('', 465, 0, 0)] }])).toEqual([]);
    expect(orderSrv([{ security: 'tls', records: [rec('s.example.org', 465, 0, 0), rec('S.example.org.', 465, 5, 0)] }])).toEqual([{ host: 's.example.org', port: 465, security: 'tls' }]);
  });
});
