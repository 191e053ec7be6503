import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

/**
 * Structured JSON logs, one object per line on stdout (or `destination`). Authors are anonymous, so
 * nothing that could identify one (IP addresses, request bodies, query strings, Authorization or Cookie
 * headers) is ever passed to the logger; the redaction below is a second line of defence only.
 */
export function createLogger(options: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'careloop' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.remoteAddress',
          'req.ip',
          'headers.authorization',
          'headers.cookie',
          'ip',
        ],
        remove: true,
      },
    },
    options.destination,
  );
}

/** A logger that drops everything, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
