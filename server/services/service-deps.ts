import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Models } from '../models/index.js';

/** What every domain service is built from. Services never see Koa's ctx: routes translate HTTP. */
export interface ServiceDeps {
  config: Config;
  logger: Logger;
  models: Models;
}
