import type { Organisation } from '../models/organisation.js';
import type { SubscriptionRecord } from '../mappers/subscription.js';
import type { OrganisationService } from './organisations.js';

/**
 * Who a story concerns, for matching subscriptions: its services with all their ancestors (a
 * subscription to a board covers a ward of it), and every constituency any of those lies in.
 */
export interface StoryReach {
  serviceIds: Set<string>;
  constituencies: Set<string>;
  /** Every service of the lineage, by id (for names). */
  services: Map<string, Organisation>;
}

/** The reach of a story about `serviceIds`: two lookups, whatever the depth of the tree. */
export async function reachOf(
  organisations: Pick<OrganisationService, 'byIds'>,
  serviceIds: string[],
): Promise<StoryReach> {
  const own = await organisations.byIds(serviceIds);
  const ancestorIds = [...own.values()].flatMap((service) => service.ancestors);
  const ancestors = ancestorIds.length > 0 ? await organisations.byIds(ancestorIds) : new Map();
  const services = new Map<string, Organisation>([...ancestors, ...own]);
  const constituencies = new Set<string>();
  for (const service of services.values()) if (service.constituency) constituencies.add(service.constituency);
  return { serviceIds: new Set(services.keys()), constituencies, services };
}

/**
 * Whether a subscription asks for a story with this reach and criticality: to a service the story is
 * about or above one, or to a constituency of one of those; and rated at least as critical as asked
 * (a story nobody rated counts as 0).
 */
export function subscriptionMatches(
  subscription: Pick<SubscriptionRecord, 'service' | 'constituency' | 'minCriticality'>,
  reach: StoryReach,
  criticality: number | null | undefined,
): boolean {
  if ((criticality ?? 0) < (subscription.minCriticality ?? 0)) return false;
  if (subscription.service) return reach.serviceIds.has(subscription.service);
  if (subscription.constituency) return reach.constituencies.has(subscription.constituency);
  return false;
}

/** The query for subscriptions that may match a story with this reach (criticality checked after). */
export function reachQuery(reach: StoryReach): Record<string, unknown> {
  return {
    $or: [{ service: { $in: [...reach.serviceIds] } }, { constituency: { $in: [...reach.constituencies] } }],
  };
}
