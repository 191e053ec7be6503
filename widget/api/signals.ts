/**
 * Readers' signals ("me too" on a story, "helpful" on a response). The anonymous reader token the service
 * signs, and which items this browser signalled, live in localStorage: never a cookie, so nothing is sent
 * unasked. Without localStorage (private modes) the token lasts the page.
 */
import type { ApiAnswer } from './answers.js';
import { ProblemError, type CareloopClient } from './client.js';

export type SignalKind = 'me-too' | 'helpful';
export type SignalState = ApiAnswer<'/stories/{id}/me-too', 'put'>;

const tokenKey = 'careloop-reader-token';
const signalledKey = 'careloop-signalled';

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // No storage: the signal still counts, this page just will not remember it.
  }
}

/** `kind:id` of every item this browser has signalled. */
export function signalledItems(): Set<string> {
  try {
    return new Set(JSON.parse(stored(signalledKey) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}

async function readerToken(client: CareloopClient, fresh: boolean): Promise<string> {
  const kept = fresh ? null : stored(tokenKey);
  if (kept) return kept;
  const { token } = await client.json<ApiAnswer<'/reader-tokens', 'post', 201>>('api/v1/reader-tokens', {
    method: 'POST',
  });
  store(tokenKey, token);
  return token;
}

/**
 * Gives (or takes back) the reader's signal and remembers it. A token the service no longer accepts
 * (another deployment's, a rotated key) is replaced once.
 */
export async function sendSignal(
  client: CareloopClient,
  kind: SignalKind,
  id: string,
  signalled: boolean,
  retried = false,
): Promise<SignalState> {
  const path = kind === 'me-too' ? `stories/${id}/me-too` : `responses/${id}/helpful`;
  try {
    const token = await readerToken(client, retried);
    const state = await client.json<SignalState>(`api/v1/${path}`, {
      method: 'PUT',
      body: { token, signalled },
    });
    const items = signalledItems();
    if (state.signalled) items.add(`${kind}:${id}`);
    else items.delete(`${kind}:${id}`);
    store(signalledKey, JSON.stringify([...items]));
    return state;
  } catch (error) {
    if (!retried && error instanceof ProblemError && error.status === 401) {
      return sendSignal(client, kind, id, signalled, true);
    }
    throw error;
  }
}
