import type { Types } from 'mongoose';
import type { ApiKey, ApiKeyScope } from '../models/api-key.js';
import type { Organisation } from '../models/organisation.js';

/** An API key as read from the store with `.lean()`. */
export type StoredApiKey = ApiKey & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

/**
 * An API key as admins see it. Built field by field: the key's hash is never in it, and the key itself
 * only in the answer that creates it (`NewApiKeyView`).
 */
export interface ApiKeyView {
  id: string;
  name: string;
  /** `clk_` and the key's next four characters, to tell keys apart. */
  hint: string;
  board: { id: string; name: string };
  scopes: ApiKeyScope[];
  requestsPerMinute: number;
  createdAt: string;
  createdBy: { name: string };
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: { name: string } | null;
  /** `active`, or why it is refused. */
  state: 'active' | 'revoked' | 'expired';
}

/** The answer to creating a key: the only time the key is shown. */
export interface NewApiKeyView extends ApiKeyView {
  key: string;
}

/** `boardsById` holds (at least) the key's board; a missing one is shown by its id. */
export function toApiKeyView(
  key: StoredApiKey,
  boardsById: Map<string, Organisation>,
  now = new Date(),
): ApiKeyView {
  return {
    id: key._id.toHexString(),
    name: key.name,
    hint: key.hint,
    board: { id: key.board, name: boardsById.get(key.board)?.name ?? key.board },
    scopes: [...key.scopes] as ApiKeyScope[],
    requestsPerMinute: key.requestsPerMinute,
    createdAt: key.createdAt.toISOString(),
    createdBy: { name: key.createdBy.name },
    expiresAt: key.expiresAt ? key.expiresAt.toISOString() : null,
    lastUsedAt: key.lastUsedAt ? key.lastUsedAt.toISOString() : null,
    revokedAt: key.revokedAt ? key.revokedAt.toISOString() : null,
    revokedBy: key.revokedBy ? { name: key.revokedBy.name } : null,
    state: key.revokedAt ? 'revoked' : key.expiresAt && key.expiresAt <= now ? 'expired' : 'active',
  };
}

export function toNewApiKeyView(
  key: StoredApiKey,
  secret: string,
  boardsById: Map<string, Organisation>,
): NewApiKeyView {
  return { ...toApiKeyView(key, boardsById), key: secret };
}
