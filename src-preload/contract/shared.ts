/** Shapes more than one domain of the contract uses: servers, addresses, ids, explained errors. */
import { z } from 'zod';
import type { ErrorCode } from './errors';

export const SecuritySchema = z.enum(['tls', 'starttls', 'none']);
export type Security = z.infer<typeof SecuritySchema>;

export const HostnameSchema = z
  .string()
  .trim()
  .min(1, 'Enter the server name, for example imap.example.com.')
  .max(253, 'A server name has at most 253 characters.')
  .regex(
    /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$|^\[?[0-9A-Fa-f:.]+\]?$/,
    'Use a server name like imap.example.com or an IP address, without "imap://" or spaces.',
  );

export const PortSchema = z
  .number({ message: 'Enter a port number from 1 to 65535.' })
  .int('Enter a whole port number from 1 to 65535.')
  .min(1, 'Enter a port number from 1 to 65535.')
  .max(65535, 'Enter a port number from 1 to 65535.');

/** A certificate the admin accepted for this one server although no trusted authority signed it. */
export const TrustedCertificateSchema = z.object({
  fingerprint256: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'A SHA-256 fingerprint looks like AB:CD:… (32 pairs).'),
  pem: z.string().max(20_000).regex(/-----BEGIN CERTIFICATE-----/, 'Paste the certificate in PEM form.'),
});
export type TrustedCertificate = z.infer<typeof TrustedCertificateSchema>;

export const ServerSettingsSchema = z.object({
  host: HostnameSchema,
  port: PortSchema,
  security: SecuritySchema,
  trustedCertificate: TrustedCertificateSchema.nullable().default(null),
});
export type ServerSettings = z.infer<typeof ServerSettingsSchema>;

export const EmailSchema = z
  .string()
  .trim()
  .min(1, 'Enter the mailbox address, for example support@example.com.')
  .max(254, 'An email address has at most 254 characters.')
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter a full address like support@example.com.');

export const OptionalEmailSchema = z
  .string()
  .trim()
  .max(254, 'An email address has at most 254 characters.')
  .regex(/^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter a full address like team@example.com, or leave it empty.')
  .default('');

export interface Address {
  name: string;
  address: string;
}

/** A failure explained for people: a stable code, the cause and the fix. */
export interface ErrorInfo {
  code: ErrorCode;
  cause: string;
  fix: string;
  /** The server's or library's own words, for support. */
  detail?: string;
}

/** Requests with nothing in them, and the ids requests carry. */
export const EmptyRequest = z.object({}).strict();
export const IdSchema = z.string().min(1).max(200);
export const AccountRefSchema = z.object({ accountId: IdSchema }).strict();
