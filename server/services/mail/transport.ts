import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from '../../platform/log.js';
import { dedupeHash, type ClaimedMessage } from './outbox.js';

/** Where claimed messages go: an SMTP server, or (development) files a newcomer can open. */
export interface MailTransport {
  /** Resolves once the message is accepted; rejects with the reason otherwise. */
  send(message: ClaimedMessage, now: Date): Promise<void>;
  close(): void;
}

export interface TransportOptions {
  smtpUrl?: string;
  mailDir: string;
  mailFrom: string;
  logger: Logger;
}

/**
 * The SMTP transport times out well inside the claim lease (60 s), so a hung server fails the attempt
 * before another worker could take the message over and send it a second time.
 */
const smtpTimeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function createMailTransport(options: TransportOptions): MailTransport {
  return options.smtpUrl ? smtpTransport(options.smtpUrl, options.mailFrom) : fileTransport(options);
}

function smtpTransport(smtpUrl: string, mailFrom: string): MailTransport {
  const transporter = nodemailer.createTransport({ url: smtpUrl, ...smtpTimeouts });
  return {
    async send(message, now) {
      await transporter.sendMail(mailOptions(message, mailFrom, now));
    },
    close() {
      transporter.close();
    },
  };
}

/**
 * Writes each message as `<mailDir>/<queued at>-<hash>.eml`. The name comes from the message, not the
 * attempt, so a message written twice (a retry after a crash) is one file.
 */
function fileTransport({ mailDir, mailFrom, logger }: TransportOptions): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message, now) {
      const info = await composer.sendMail(mailOptions(message, mailFrom, now));
      await mkdir(mailDir, { recursive: true });
      const file = join(
        mailDir,
        `${fileTimestamp(message.createdAt ?? now)}${mailFileEnding(message.dedupeKey)}`,
      );
      // Written whole, then renamed: a reader never opens half a message.
      await writeFile(`${file}.tmp`, info.message as Buffer);
      await rename(`${file}.tmp`, file);
      // Never the recipient, the body or the subject (it can quote a story title a moderator has not yet
      // read): the message id and the file name are enough to find it.
      logger.info({ messageId: message.messageId, file }, 'mail written to file');
    },
    close() {
      composer.close();
    },
  };
}

/** How the file of the message with `dedupeKey` ends, whenever it was queued: erasure finds it by this. */
export function mailFileEnding(dedupeKey: string): string {
  return `-${dedupeHash(dedupeKey)}.eml`;
}

function mailOptions(message: ClaimedMessage, mailFrom: string, now: Date) {
  return {
    from: mailFrom,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    date: now,
    headers: (message.headers ?? {}) as Record<string, string>,
  };
}

/** `YYYYMMDD-HHMMSS` in UTC: files sort by when their message was queued. */
function fileTimestamp(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
}
