/**
 * One SMTP attempt for one outbox item, on a bare nodemailer SMTPConnection rather than
 * the transport, because the outbox must know two moments the transport hides: when
 * the connection is up (signed in), and when the message's end (after which the server's
 * final "." may go out) is about to be handed over. The raw MIME is streamed through
 * HeldBackEnd: the last bytes are released only after `dataEnd()` returned, and the
 * data stream writes the terminating dot only after the message stream ended. So a
 * failure with `afterDataEnd` false proves the server cannot have accepted the mail.
 */
import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import XOAuth2 from 'nodemailer/lib/xoauth2';
import type { ServerSettings } from '../../../src-preload/contract';
import { smtpConnectionOptions, type ConnectionOptions, type Credentials } from '../mail/connections';

export interface SmtpEnvelope {
  from: string;
  to: string[];
}

export interface SmtpAccepted {
  accepted: string[];
  /** Recipients the server refused while accepting the others, with its error for each. */
  rejected: { address: string; error: unknown }[];
  response: string;
}

/** An attempt that did not end in acceptance; `afterDataEnd`: the message's end may have reached the server. */
export class SmtpAttemptError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly afterDataEnd: boolean,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'SmtpAttemptError';
  }
}

export interface SmtpAttemptHooks {
  /** Connected and signed in. */
  connected(): void;
  /** Called synchronously before the message's last bytes are released: persist "the end may go" here. */
  dataEnd(): void;
}

/** Hands the message over in two pushes and holds the last byte back until `beforeEnd` has run. */
class HeldBackEnd extends Readable {
  private step: 'body' | 'end' | 'done' = 'body';

  constructor(
    private readonly raw: Buffer,
    private readonly beforeEnd: () => void,
  ) {
    super();
  }

  override _read(): void {
    if (this.step === 'body') {
      this.step = 'end';
      if (this.raw.length > 1) {
        this.push(this.raw.subarray(0, this.raw.length - 1));
        return;
      }
    }
    if (this.step === 'end') {
      this.step = 'done';
      try {
        this.beforeEnd();
      } catch (err) {
        this.destroy(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      this.push(this.raw.subarray(Math.max(0, this.raw.length - 1)));
      this.push(null);
    }
  }
}

export class SmtpAttempt {
  private connection: SMTPConnection | null = null;
  private dataEndReached = false;
  private aborted = false;

  constructor(
    private readonly server: ServerSettings,
    private readonly credentials: Credentials,
    private readonly options: ConnectionOptions,
  ) {}

  /** Connects, signs in and sends; resolves once the server accepted the message. */
  run(envelope: SmtpEnvelope, raw: Buffer, hooks: SmtpAttemptHooks): Promise<SmtpAccepted> {
    return new Promise<SmtpAccepted>((resolve, reject) => {
      let settled = false;
      const fail = (err: unknown) => {
        if (settled) return;
        settled = true;
        connection.close();
        reject(new SmtpAttemptError(err, this.dataEndReached));
      };
      const connection = new SMTPConnection({ ...smtpConnectionOptions(this.server, this.options), logger: false });
      this.connection = connection;
      connection.on('error', fail);
      connection.once('end', () => fail(Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' })));
      if (this.aborted) return fail(Object.assign(new Error('Sending was stopped: Mailroom is closing.'), { code: 'ECONNECTION' }));
      connection.connect(() => {
        const auth =
          'accessToken' in this.credentials
            ? { user: this.credentials.user, method: 'XOAUTH2', oauth2: new XOAuth2({ user: this.credentials.user, accessToken: this.credentials.accessToken }) }
            : { user: this.credentials.user, pass: this.credentials.pass };
        connection.login(auth, (loginError) => {
          if (loginError) return fail(loginError);
          try {
            hooks.connected();
          } catch (err) {
            return fail(err);
          }
          const message = new HeldBackEnd(raw, () => {
            hooks.dataEnd();
            this.dataEndReached = true;
          });
          connection.send(envelope, message, (sendError, info) => {
            if (sendError) return fail(sendError);
            if (settled) return;
            settled = true;
            const rejectedErrors = (info.rejectedErrors ?? []) as (Error & { recipient?: string })[];
            resolve({
              accepted: info.accepted,
              rejected: info.rejected.map((address) => ({ address, error: rejectedErrors.find((e) => e.recipient === address) ?? new Error('Recipient refused') })),
              response: info.response,
            });
            connection.quit();
          });
        });
      });
    });
  }

  /**
   * Mailroom is closing: drops the connection unless the message's end may already be on
   * its way (then the server's answer is worth the wait). True when it dropped it.
   */
  abortBeforeDataEnd(): boolean {
    if (this.dataEndReached) return false;
    this.aborted = true;
    this.connection?.close();
    return true;
  }
}
