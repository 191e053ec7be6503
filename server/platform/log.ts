import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

/**
 * Structured JSON logs, one object per line on stdout (or `destination`), for log collectors. At a
 * terminal (`pretty`), one short readable line per event instead, so a newcomer running `npm start`
 * can read what happens and the start-up banner is not buried under JSON. Authors are anonymous, so
 * nothing that could identify one (IP addresses, request bodies, query strings, Authorization or Cookie
 * headers) is ever passed to the logger; the redaction below is a second line of defence only, and
 * applies to both forms.
 */
export function createLogger(
  options: { level?: LogLevel; destination?: DestinationStream; pretty?: boolean } = {},
): Logger {
  const destination =
    options.destination ??
    (options.pretty
      ? pretty({
          colorize: true,
          singleLine: true,
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'service',
          // Synchronous, as pino's own stdout is: nothing logged just before an exit is lost.
          sync: true,
        })
      : undefined);
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
    destination,
  );
}

/** Runs `work` with `logger` (and the services sharing it) logging warnings and errors only. */
export async function whileQuiet<T>(logger: Logger, work: () => Promise<T>): Promise<T> {
  const level = logger.level;
  logger.level = 'warn';
  try {
    return await work();
  } finally {
    logger.level = level;
  }
}

/** A logger that drops everything, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
