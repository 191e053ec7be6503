import type { Models } from '../../models/index.js';
import type { Organisation } from '../../models/organisation.js';
import type { ReportScope } from './pipelines.js';

/** The services a report on `serviceId` covers (it and everything below it), each mapped to its child. */
export async function subtreeScope(
  organisations: Models['organisations'],
  serviceId: string,
): Promise<ReportScope> {
  const subtree = await organisations
    .find({ $or: [{ _id: serviceId }, { ancestors: serviceId }] }, { ancestors: 1 })
    .lean<Pick<Organisation, '_id' | 'ancestors'>[]>();
  const childOf = new Map<string, string>();
  for (const service of subtree) {
    const below = service.ancestors.indexOf(serviceId);
    if (service._id === serviceId || below < 0) continue;
    childOf.set(service._id, service.ancestors[below + 1] ?? service._id);
  }
  return { serviceIds: subtree.map((service) => service._id), childOf };
}
