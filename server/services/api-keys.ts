import { apiKeyPrefix, type PartnerKey } from '../auth/principal.js';
import { hashToken, newToken, sameTokenHash } from '../auth/tokens.js';
import { DomainError, type FieldError } from '../domain/errors.js';
import { isObjectId } from '../domain/object-id.js';
import type { StoredApiKey } from '../mappers/api-key.js';
import type { ApiKeyScope } from '../models/api-key.js';
import type { Models } from '../models/index.js';
import type { Organisation } from '../models/organisation.js';
import type { OrganisationService } from './organisations.js';
import { RateLimiter, type LimitRule, type LimitState } from './rate-limiter.js';

/** Who creates or revokes a key: an admin account (`id`), or the operator at the command line. */
export interface KeyActor {
  id?: string;
  name: string;
}

/** What an admin asks for (`POST /api-keys`, `careloop keys add`), already valid against its schema. */
export interface NewApiKeyRequest {
  name: string;
  board: string;
  scopes?: ApiKeyScope[];
  /** An ISO date-time in the future; none: the key lasts until revoked. */
  expiresAt?: string;
  requestsPerMinute?: number;
}

/** Why a well-formed key is refused: each is a 401, worded so the partner knows what to do. */
export type KeyRefusal = 'unknown' | 'revoked' | 'expired';

/**
 * Requests a key may make per sliding minute unless its admin says otherwise: ten a second, far more
 * than a person at the widget, and enough to page through a board's whole history in minutes.
 */
export const defaultRequestsPerMinute = 600;
/** `lastUsedAt` is written at most this often per key: a busy partner does not make every read a write. */
const lastUsedResolutionMs = 60_000;

/**
 * Partners' read-only API keys (docs/decisions/2026-12-07-api-keys.md): an admin creates one for a
 * board and a scope, sees the key once, and may revoke it; every request made with it is checked here
 * (revocation and expiry take effect at the next request, on every instance) and counted against the
 * key's own limit in the shared store.
 */
export class ApiKeyService {
  private readonly models: Pick<Models, 'apiKeys'>;
  private readonly organisations: Pick<OrganisationService, 'byIds'>;
  private readonly limiter: RateLimiter;

  constructor(deps: {
    models: Pick<Models, 'apiKeys' | 'rateLimits' | 'settings'>;
    organisations: Pick<OrganisationService, 'byIds'>;
  }) {
    this.models = deps.models;
    this.organisations = deps.organisations;
    this.limiter = new RateLimiter({ models: deps.models });
  }

  /**
   * Creates a key. The key itself is in the answer and nowhere else: only its hash is stored.
   * `stories:read-staff` includes `stories:read`.
   * @throws `invalid` naming `board` (no such service) or `expiresAt` (not in the future).
   */
  async create(
    request: NewApiKeyRequest,
    creator: KeyActor,
    now = new Date(),
  ): Promise<{ key: string; record: StoredApiKey }> {
    const expiresAt = request.expiresAt === undefined ? null : new Date(request.expiresAt);
    const errors: FieldError[] = [];
    if (!(await this.organisations.byIds([request.board])).has(request.board)) {
      errors.push({ field: 'board', code: 'unknown-service', message: 'is not a known service' });
    }
    if (expiresAt && expiresAt <= now) {
      errors.push({ field: 'expiresAt', code: 'out-of-range', message: 'must be in the future' });
    }
    if (errors.length > 0) throw DomainError.invalid(errors, 'The request body has invalid fields.');

    const key = newToken(apiKeyPrefix);
    const created = await this.models.apiKeys.create({
      keyHash: hashToken(key),
      hint: key.slice(0, apiKeyPrefix.length + 4),
      name: request.name.trim(),
      board: request.board,
      scopes: request.scopes?.includes('stories:read-staff')
        ? ['stories:read', 'stories:read-staff']
        : ['stories:read'],
      requestsPerMinute: request.requestsPerMinute ?? defaultRequestsPerMinute,
      createdBy: creator,
      expiresAt,
    });
    return { key, record: created.toObject() as StoredApiKey };
  }

  /** Every key (revoked and expired ones too), newest first, optionally only those for one board. */
  async list(filter: { board?: string } = {}): Promise<StoredApiKey[]> {
    return this.models.apiKeys
      .find(filter.board === undefined ? {} : { board: filter.board })
      .sort({ createdAt: -1, _id: -1 })
      .lean<StoredApiKey[]>();
  }

  /** @throws `not-found` */
  async get(id: string): Promise<StoredApiKey> {
    const found = isObjectId(id) ? await this.models.apiKeys.findById(id).lean<StoredApiKey>() : null;
    if (!found) throw DomainError.notFound('There is no API key with this id.');
    return found;
  }

  /**
   * Revokes a key: the next request made with it, on any instance, is refused. Revoking again changes
   * nothing (the first revocation's time and author stay).
   * @throws `not-found`
   */
  async revoke(id: string, actor: KeyActor, now = new Date()): Promise<StoredApiKey> {
    const key = await this.get(id);
    if (!key.revokedAt) {
      await this.models.apiKeys.updateOne(
        { _id: key._id, revokedAt: null },
        { $set: { revokedAt: now, revokedBy: actor } },
      );
    }
    return this.get(id);
  }

  /** The key behind a bearer token (`clk_…`), or why it is refused. Notes when it was last used. */
  async authenticate(token: string, now = new Date()): Promise<PartnerKey | KeyRefusal> {
    const keyHash = hashToken(token);
    const found = await this.models.apiKeys.findOne({ keyHash }).lean<StoredApiKey>();
    if (!found || !sameTokenHash(found.keyHash, keyHash)) return 'unknown';
    if (found.revokedAt) return 'revoked';
    if (found.expiresAt && found.expiresAt <= now) return 'expired';
    if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() >= lastUsedResolutionMs) {
      // Conditional, so two instances seeing the same stale time write once.
      await this.models.apiKeys.updateOne(
        { _id: found._id, lastUsedAt: found.lastUsedAt ?? null },
        { $set: { lastUsedAt: now } },
      );
    }
    return {
      id: found._id.toHexString(),
      name: found.name,
      board: found.board,
      scopes: found.scopes as ApiKeyScope[],
      requestsPerMinute: found.requestsPerMinute,
    };
  }

  /**
   * Counts one request against the key's own limit, shared by every instance (the counters are in the
   * store). A refused request is taken back, so a partner that waits for `Retry-After` gets in then.
   */
  async countRequest(key: PartnerKey, now = new Date()): Promise<LimitState> {
    const hit = await this.limiter.hit(requestRule(key), key.id, now);
    if (!hit.allowed) await hit.release();
    return {
      count: hit.count,
      allowed: hit.allowed,
      retryAfterSeconds: hit.retryAfterSeconds,
      resetSeconds: hit.resetSeconds,
    };
  }

  /** The services the keys name, for showing each key's board by name. */
  boardsOf(keys: StoredApiKey[]): Promise<Map<string, Organisation>> {
    return this.organisations.byIds(keys.map((key) => key.board));
  }
}

/** The rule a key's requests are counted under: its own limit per sliding minute. */
export function requestRule(key: Pick<PartnerKey, 'requestsPerMinute'>): LimitRule {
  return { name: 'api-key-requests', limit: key.requestsPerMinute, windowSeconds: 60, keyKind: 'identifier' };
}
