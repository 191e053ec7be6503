import type { AddressInfo } from 'node:net';
import PostalMime, { type Address } from 'postal-mime';
import { SMTPServer } from 'smtp-server';

/** One message the loopback SMTP server accepted, parsed as a mail client would show it. */
export interface ReceivedMail {
  /** The From header's address. */
  from: string;
  /** The To header's addresses. */
  to: string[];
  /** Who the message was actually delivered to (the SMTP envelope's RCPT TO). */
  envelopeTo: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Every header by lower-case name (the first, if a header repeats). */
  headers: Record<string, string>;
  /** The whole message as received, for asserting that something appears nowhere in it. */
  raw: string;
}

export interface SmtpRefusal {
  /** An SMTP reply code: 4xx is temporary (the sender should retry), 5xx permanent. */
  code: number;
  message: string;
}

export interface TestSmtpServerOptions {
  /** Refuse this many messages (at DATA) before accepting any. */
  failFirst?: number;
  /** How to refuse; default `451 Try again later`. */
  refuseWith?: SmtpRefusal;
}

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>`: set it as `config.smtpUrl`. */
  url: string;
  /** Every accepted message, oldest first. */
  messages: ReceivedMail[];
  /** How many messages were offered (accepted or refused) so far. */
  readonly offered: number;
  /** Resolves with the messages once at least `count` have been accepted; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** While true, every message is refused with `refuseWith`. */
  setRefusing(refusing: boolean): void;
  stop(): Promise<void>;
}

/**
 * A real SMTP server on loopback (the `smtp-server` package, no TLS or AUTH) that keeps what it receives,
 * parsed with postal-mime, so tests assert on the mail a recipient would actually get.
 */
export async function startSmtpServer(options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const refusal = options.refuseWith ?? { code: 451, message: 'Try again later' };
  let refuseRemaining = options.failFirst ?? 0;
  let refusing = false;
  let offered = 0;
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        offered += 1;
        if (refusing || refuseRemaining > 0) {
          if (refuseRemaining > 0) refuseRemaining -= 1;
          callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
          return;
        }
        const raw = Buffer.concat(chunks);
        const envelopeTo = session.envelope.rcptTo.map((recipient) => recipient.address);
        parseMail(raw, envelopeTo).then(
          (mail) => {
            messages.push(mail);
            for (const wake of waiters) wake();
            callback();
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    get offered() {
      return offered;
    },
    waitFor(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} messages within ${timeoutMs} ms, received ${messages.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    setRefusing(value) {
      refusing = value;
    },
    stop() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function parseMail(raw: Buffer, envelopeTo: string[]): Promise<ReceivedMail> {
  const email = await PostalMime.parse(raw);
  const headers: Record<string, string> = {};
  for (const header of email.headers) headers[header.key.toLowerCase()] ??= header.value;
  return {
    from: email.from ? (addressesOf([email.from])[0] ?? '') : '',
    to: addressesOf(email.to ?? []),
    envelopeTo,
    subject: email.subject ?? '',
    text: email.text ?? '',
    html: email.html ?? '',
    messageId: email.messageId ?? '',
    headers,
    raw: raw.toString('utf8'),
  };
}

function addressesOf(addresses: Address[]): string[] {
  return addresses.flatMap((address) =>
    address.group ? address.group.map((member) => member.address) : [address.address],
  );
}
