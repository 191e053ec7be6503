import { readFileSync } from 'node:fs';
import { silentLogger } from '../../server/platform/log.js';
import type { Models } from '../../server/models/index.js';
import type { ServiceTree } from '../../server/services/organisation-tree.js';
import { OrganisationService } from '../../server/services/organisations.js';
import type { TestApp } from './app.js';
import { scotlandServicesFile } from './stories.js';

/** The sample NHS Scotland tree, as the file holds it. */
export function scotlandTree(): ServiceTree {
  return JSON.parse(readFileSync(scotlandServicesFile, 'utf8')) as ServiceTree;
}

/** An OrganisationService on the app's own store, for the questions other services ask of the tree. */
export function organisationServiceOf(app: TestApp): OrganisationService {
  return new OrganisationService({
    config: app.config,
    logger: silentLogger(),
    models: { organisations: app.connection.model('Organisation') } as Models,
  });
}
