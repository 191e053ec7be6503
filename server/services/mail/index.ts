// Placeholder until engineer E lands MailService (issue 4); keeps the app importable meanwhile.
import type { ServiceDeps } from '../index.js';
export class MailService {
  constructor(readonly deps: ServiceDeps) {}
}
