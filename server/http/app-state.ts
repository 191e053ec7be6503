import type { Principal } from '../auth/principal.js';
import type { SentPage } from '../feeds/send-page.js';

/**
 * What every request carries through the app's middleware (`ctx.state`). A leaf module, so middleware
 * and routes can name it without importing the app that mounts them.
 */
export interface AppState {
  requestId: string;
  /** Set by the authenticate middleware on every request below it. */
  principal: Principal;
  /**
   * Set by a route whose writes no public answer shows (a story told waits for moderation): the
   * public caches then need not read the change stamp again before their next answer.
   */
  leavesPublicContent?: true;
  /** Set when the answer is a cached page (sendPage): replayPages keeps it to answer again. */
  sentPage?: SentPage;
}
