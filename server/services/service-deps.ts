import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/log.js';
import type { Models } from '../models/index.js';

/** What every domain service is built from. Services never see Koa's ctx: routes translate HTTP. */
export interface ServiceDeps {
  config: Config;
  logger: Logger;
  models: Models;
}
