import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/log.js';
import type { Models } from '../models/index.js';
import type { Services } from '../services/index.js';

/** What every area of the API is registered with (apiRoutes in api.ts hands it to each). */
export interface ApiDeps {
  config: Config;
  logger: Logger;
  models: Models;
  services: Services;
}
