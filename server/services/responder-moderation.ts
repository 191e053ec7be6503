import { Types } from 'mongoose';
import type { SignedInUser } from '../auth/principal.js';
import { DomainError } from '../domain/errors.js';
import { isObjectId } from '../domain/object-id.js';
import type { Models } from '../models/index.js';
import type { OrganisationService } from './organisations.js';

/** How many of a new responder's first responses a moderator reads, where a board has not said. */
export const defaultModeratedFirstResponses = 3;

/** Where a responder stands: what a moderator sees and changes. */
export interface ResponderModerationView {
  userId: string;
  name: string;
  /** A moderator's choice: `on` queues every response, `off` none; null: the board's rule for new responders. */
  setting: 'on' | 'off' | null;
  /** Responses a moderator approved out of the queue. */
  approvedResponses: number;
}

/**
 * Which responses wait for a moderator (docs/decisions/2026-12-07-responder-moderation.md): a
 * responder's response is queued when a moderator put them on moderation, or while they are new, that
 * is while fewer of their responses than the board's `moderatedFirstResponses` (default 3) have been
 * approved and none has been published directly. A response published directly (before this rule
 * existed, on a board that moderates none, or once established) shows the responder is established, so
 * responders with published responses from before keep publishing directly and need no migration.
 */
export class ResponderModeration {
  constructor(
    private readonly deps: {
      models: Models;
      organisations: Pick<OrganisationService, 'byIds'>;
    },
  ) {}

  /** Whether `user`'s next response to a story about `serviceIds` waits for a moderator. */
  async queues(user: SignedInUser, serviceIds: string[]): Promise<boolean> {
    const userId = new Types.ObjectId(user.id);
    const account = await this.deps.models.users
      .findById(userId, { responderModeration: 1 })
      .lean<{ responderModeration?: 'on' | 'off' | null }>();
    if (account?.responderModeration === 'on') return true;
    if (account?.responderModeration === 'off') return false;
    const firstModerated = await this.boardRule(serviceIds);
    if (firstModerated === 0) return false;
    const { responses } = this.deps.models;
    const [publishedDirectly, approved] = await Promise.all([
      responses.exists({ 'responder.userId': userId, approvedAt: null, withheld: null }),
      responses.countDocuments({ 'responder.userId': userId, approvedAt: { $ne: null } }),
    ]);
    return !publishedDirectly && approved < firstModerated;
  }

  /**
   * A moderator puts a responder on moderation (`moderated: true`: every response is queued until taken
   * off) or takes them off (every response publishes directly, new responder or not). Recorded in the
   * account's audit trail.
   * @throws `not-found` when there is no staff or stakeholder account with this id.
   */
  async set(userId: string, moderated: boolean, moderator: SignedInUser): Promise<ResponderModerationView> {
    const updated = isObjectId(userId)
      ? await this.deps.models.users
          .findOneAndUpdate(
            { _id: userId, role: { $in: ['staff', 'stakeholder'] } },
            {
              $set: { responderModeration: moderated ? 'on' : 'off' },
              $push: {
                accountAudit: {
                  at: new Date(),
                  by: { id: moderator.id, name: moderator.name },
                  action: moderated ? 'responder-moderation-on' : 'responder-moderation-off',
                },
              },
            },
            { returnDocument: 'after', projection: { name: 1, responderModeration: 1 } },
          )
          .lean<{ _id: Types.ObjectId; name: string; responderModeration?: 'on' | 'off' | null }>()
      : null;
    if (!updated) throw DomainError.notFound('There is no staff or stakeholder account with this id.');
    return this.view(updated);
  }

  /** Where a responder stands. @throws `not-found` when there is no staff or stakeholder account with this id. */
  async get(userId: string): Promise<ResponderModerationView> {
    const account = isObjectId(userId)
      ? await this.deps.models.users
          .findOne(
            { _id: userId, role: { $in: ['staff', 'stakeholder'] } },
            { name: 1, responderModeration: 1 },
          )
          .lean<{ _id: Types.ObjectId; name: string; responderModeration?: 'on' | 'off' | null }>()
      : null;
    if (!account) throw DomainError.notFound('There is no staff or stakeholder account with this id.');
    return this.view(account);
  }

  private async view(account: {
    _id: Types.ObjectId;
    name: string;
    responderModeration?: 'on' | 'off' | null;
  }): Promise<ResponderModerationView> {
    const approvedResponses = await this.deps.models.responses.countDocuments({
      'responder.userId': account._id,
      approvedAt: { $ne: null },
    });
    return {
      userId: account._id.toHexString(),
      name: account.name,
      setting: account.responderModeration ?? null,
      approvedResponses,
    };
  }

  /** The rule of the board (the root) of the story's first service that has one known. */
  private async boardRule(serviceIds: string[]): Promise<number> {
    const services = await this.deps.organisations.byIds(serviceIds);
    const boardIds = serviceIds.flatMap((id) => {
      const service = services.get(id);
      return service ? [service.ancestors[0] ?? service._id] : [];
    });
    const boards = await this.deps.organisations.byIds(boardIds);
    for (const id of boardIds) {
      const setting = boards.get(id)?.moderatedFirstResponses;
      if (typeof setting === 'number') return setting;
    }
    return defaultModeratedFirstResponses;
  }
}
