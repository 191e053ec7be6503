/**
 * Telling a story: the services to choose from, and `POST /api/v1/stories` with an Idempotency-Key so a
 * retry after a lost answer never files the story twice.
 */
import { ProblemError, type CareloopClient } from './client.js';
import type { ApiAnswer, ApiRequestBody } from './answers.js';
import type { ProofOfWorkChallenge } from './proof-of-work.js';
import type { ServiceDetail } from './stories.js';

/** What `POST /stories` takes. */
export type StorySubmission = ApiRequestBody<'/stories', 'post'>;
export type AuthorRole = StorySubmission['authorRole'];

/** The roles the form offers, in its order. */
export const authorRoles = [
  'patient',
  'carer',
  'parent-guardian',
  'relative',
  'friend',
  'staff-on-behalf',
] as const satisfies readonly AuthorRole[];

type Demographics = NonNullable<StorySubmission['demographics']>;

/**
 * The optional questions about the author and their answers, in the form's order (the service's
 * lists: a value it does not take is a type error here).
 */
export const demographicAnswers = {
  ageBand: [
    'under-16',
    '16-24',
    '25-34',
    '35-44',
    '45-54',
    '55-64',
    '65-74',
    '75-plus',
    'prefer-not-to-say',
  ] satisfies Demographics['ageBand'][],
  sex: ['female', 'male', 'prefer-not-to-say'] satisfies Demographics['sex'][],
  ethnicity: [
    'white',
    'mixed-or-multiple',
    'asian',
    'african',
    'caribbean-or-black',
    'other',
    'prefer-not-to-say',
  ] satisfies Demographics['ethnicity'][],
  disability: ['yes', 'no', 'prefer-not-to-say'] satisfies Demographics['disability'][],
};
export type DemographicQuestion = keyof typeof demographicAnswers;
export const demographicQuestions = Object.keys(demographicAnswers) as DemographicQuestion[];

/** What it answers: the author key is shown this once, and is the author's only way back. */
export type StoryReceipt = ApiAnswer<'/stories', 'post', 201>;

/**
 * Sends the story; a retry must reuse `idempotencyKey` so the service files it at most once. When many
 * stories came from this address lately (a ward's kiosk, a hospital's shared connection), the service
 * asks for a proof of work: it is solved here and the story sent again, without the author noticing.
 */
export async function submitStory(
  client: CareloopClient,
  submission: StorySubmission,
  idempotencyKey: string,
): Promise<StoryReceipt> {
  const send = (proof?: string) =>
    client.json<StoryReceipt>('api/v1/stories', {
      method: 'POST',
      body: submission,
      headers: {
        'idempotency-key': idempotencyKey,
        ...(proof ? { 'careloop-proof-of-work': proof } : {}),
      },
    });
  try {
    return await send();
  } catch (error) {
    const challenge =
      error instanceof ProblemError && error.status === 429
        ? (error.problem as { proofOfWork?: ProofOfWorkChallenge }).proofOfWork
        : undefined;
    if (!challenge) throw error;
    // Loaded only when asked for: most stories never need it.
    const { solveProofOfWork } = await import('./proof-of-work.js');
    return send(await solveProofOfWork(challenge));
  }
}

/** A fresh Idempotency-Key; `getRandomValues` works on plain-http pages, where `randomUUID` does not. */
export function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}

type ServiceListItem = ApiAnswer<'/services'>['services'][number];

/** A service a story can be about: one found by name, or the element's service, its ancestors and children. */
export type ServiceChoice = Pick<ServiceListItem, 'id' | 'name'> &
  Partial<Pick<ServiceListItem, 'parent' | 'retired'>>;

/** A service with its ancestors and children: the first choices the form offers on a board's page. */
export function describeService(client: CareloopClient, id: string): Promise<ServiceDetail> {
  return client.jsonOncePerPage<ServiceDetail>(`api/v1/services/${encodeURIComponent(id)}`);
}

/**
 * Open services whose name has every word of `q`, kept to the subtree of `within` (the element's
 * `service`) when given. The list names only each result's parent, so a result whose parent is not yet
 * known to be inside or outside is looked up once (its ancestors say) and remembered in `inside`.
 */
export async function searchServices(
  client: CareloopClient,
  q: string,
  within: string,
  inside: Map<string, boolean>,
): Promise<ServiceChoice[]> {
  const { services } = await client.json<ApiAnswer<'/services'>>('api/v1/services', {
    query: { q, limit: 20 },
  });
  const isInside = async ({ id, parent }: ServiceChoice): Promise<boolean> => {
    if (!within || id === within) return true;
    const known = inside.get(id) ?? inside.get(parent ?? '');
    if (known !== undefined) return known;
    const { ancestors } = await describeService(client, id);
    const answer = ancestors.some((ancestor) => ancestor.id === within);
    inside.set(id, answer);
    return answer;
  };
  const open = services.filter((service) => !service.retired);
  const kept = await Promise.all(open.map(isInside));
  return open.filter((_, index) => kept[index]);
}
