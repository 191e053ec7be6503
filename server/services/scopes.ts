import type { SignedInUser } from '../auth/principal.js';
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/log.js';
import type { Models } from '../models/index.js';
import type { OrganisationService } from './organisations.js';

/**
 * Which stories an account acts for. Admins and moderators: all. Staff: stories about a service in (or
 * below) one of their services. Stakeholders: the same, or a service in (or below a service in) their
 * constituency.
 */
export class ScopeService {
  private readonly models: Models;
  private readonly organisations: Pick<OrganisationService, 'subtreeIds' | 'servicesInConstituency'>;

  constructor(deps: {
    config: Config;
    logger: Logger;
    models: Models;
    organisations: Pick<OrganisationService, 'subtreeIds' | 'servicesInConstituency'>;
  }) {
    this.models = deps.models;
    this.organisations = deps.organisations;
  }

  /**
   * Whether `user` acts for a story about `serviceIds`. Looks up only the story's services: a service's
   * `ancestors` say which subtrees it is in, so no subtree is ever expanded.
   */
  async covers(user: SignedInUser, serviceIds: string[]): Promise<boolean> {
    if (user.role === 'admin' || user.role === 'moderator') return true;
    const constituency = user.role === 'stakeholder' ? user.constituency : undefined;
    if (serviceIds.length === 0 || (user.services.length === 0 && !constituency)) return false;

    const services = await this.models.organisations
      .find({ _id: { $in: serviceIds } }, { ancestors: 1, constituency: 1 })
      .lean();
    const roots = new Set(user.services);
    const lineage = (service: { _id: string; ancestors?: string[] | null }) => [
      service._id,
      ...(service.ancestors ?? []),
    ];
    if (services.some((service) => lineage(service).some((id) => roots.has(id)))) return true;
    if (!constituency) return false;

    if (services.some((service) => service.constituency === constituency)) return true;
    const ancestorIds = [...new Set(services.flatMap((service) => service.ancestors ?? []))];
    if (ancestorIds.length === 0) return false;
    return Boolean(await this.models.organisations.exists({ _id: { $in: ancestorIds }, constituency }));
  }

  /**
   * Whether any of `serviceIds` is `root` or below it (a partner's API key reading a story of its board),
   * from the services' own `ancestors`, as `covers` does.
   */
  async anyInSubtree(root: string, serviceIds: string[]): Promise<boolean> {
    if (serviceIds.includes(root)) return true;
    if (serviceIds.length === 0) return false;
    return Boolean(await this.models.organisations.exists({ _id: { $in: serviceIds }, ancestors: root }));
  }

  /** Every service id `user` covers (for "stories for my services"), or 'all' for admins and moderators. */
  async scopeServiceIds(user: SignedInUser): Promise<string[] | 'all'> {
    if (user.role === 'admin' || user.role === 'moderator') return 'all';
    const lists = await Promise.all([
      ...user.services.map((id) => this.organisations.subtreeIds(id)),
      user.role === 'stakeholder' && user.constituency
        ? this.organisations.servicesInConstituency(user.constituency)
        : Promise.resolve([]),
    ]);
    return [...new Set(lists.flat())];
  }
}
