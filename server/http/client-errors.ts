import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../platform/log.js';
import { problemContentType, reasonPhrase } from './problem.js';

/** Node's parser codes for requests it refuses before Koa ever sees them, and what the client is told. */
const statusByCode: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
  HPE_REQUEST_TIMEOUT: 408,
};

const detailByStatus: Record<number, string> = {
  400: 'The request could not be read as HTTP.',
  408: 'The request took too long to arrive.',
  431: 'The request headers are too large.',
};

/**
 * Requests Node's HTTP parser refuses (headers over 16 KB, a malformed request line) never reach the
 * app, so without this they get an empty reply. They are the client's fault: answered with
 * problem+json like every other refusal, and logged as a client error, never at error level. Nothing
 * of the request itself is logged (it may hold anything).
 */
export function answerClientErrors(server: Server, logger: Logger): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = statusByCode[error.code ?? ''] ?? 400;
    logger.info({ status, code: error.code }, 'request refused by the HTTP parser');
    const body = JSON.stringify({
      type: 'about:blank',
      title: reasonPhrase(status),
      status,
      detail: detailByStatus[status],
    });
    socket.end(
      [
        `HTTP/1.1 ${status} ${reasonPhrase(status)}`,
        `Content-Type: ${problemContentType}`,
        `Content-Length: ${Buffer.byteLength(body)}`,
        'X-Content-Type-Options: nosniff',
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  });
}
