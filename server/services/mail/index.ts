// MailService lands next (outbox, worker, transports); the render helpers are final.
import type { ServiceDeps } from '../index.js';
export { renderEmail, type EmailAction, type EmailContent, type RenderedEmail } from './render.js';
export { unsubscribeHeaders } from './headers.js';

export class MailService {
  constructor(readonly deps: ServiceDeps) {}
}
