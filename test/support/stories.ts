import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { Types } from 'mongoose';
import { silentLogger } from '../../server/platform/log.js';
import type { Models } from '../../server/models/index.js';
import { OrganisationService } from '../../server/services/organisations.js';
import type { TestApp } from './app.js';

/** The sample NHS Scotland tree every story test files stories against. */
/**
 * The NHS Scotland tree (a copy of ../shared/data/scotland-services.json kept in the repository, so a
 * clone on its own has it too).
 */
export const scotlandServicesFile = fileURLToPath(
  new URL('../../server/demo/scotland-services.json', import.meta.url),
);

/** Well-known services of that tree: a board, one of its hospitals, and a department of that hospital. */
export const board = 'nhs-ayrshire-arran';
export const hospital = 'university-hospital-crosshouse';
export const department = 'crosshouse-emergency-department';
/** A hospital of another board. */
export const otherBoardHospital = 'borders-general-hospital';

/** Imports the Scotland tree into the app's store through OrganisationService, as an operator would. */
export async function loadScotlandServices(app: TestApp): Promise<void> {
  const organisations = new OrganisationService({
    config: app.config,
    logger: silentLogger(),
    models: { organisations: app.connection.model('Organisation') } as Models,
  });
  await organisations.importTree(JSON.parse(readFileSync(scotlandServicesFile, 'utf8')));
}

/** A story that passes every check; tests override what they are about. */
export function storyBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Kind nurses in A&E',
    body: 'I waited four hours, but the nurses on the emergency department were kind and kept me informed.',
    nickname: 'Grateful patient',
    authorRole: 'patient',
    services: [department],
    tags: { good: ['kindness'], improve: ['waiting times'], feelings: ['reassured'] },
    consent: true,
    ...overrides,
  };
}

export interface Submitted {
  status: number;
  headers: Headers;
  /** The raw response text, for privacy checks. */
  text: string;
  body: { id: string; status: string; authorKey: string } & Record<string, unknown>;
}

/** `POST /api/v1/stories` with `storyBody(overrides)` (or exactly `overrides` when `raw` is set). */
export async function submitStory(
  app: TestApp,
  overrides: Record<string, unknown> = {},
  options: { headers?: Record<string, string>; raw?: boolean } = {},
): Promise<Submitted> {
  const response = await fetch(`${app.baseUrl}/api/v1/stories`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(options.raw ? overrides : storyBody(overrides)),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
}

/** Submits a story and throws unless it was accepted; answers its id and author key. */
export async function submitAccepted(
  app: TestApp,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; authorKey: string }> {
  const submitted = await submitStory(app, overrides);
  if (submitted.status !== 201) throw new Error(`submission answered ${submitted.status}: ${submitted.text}`);
  return { id: submitted.body.id, authorKey: submitted.body.authorKey };
}

/**
 * Publishes a story straight through the model, standing in for a moderator, so reading tests do not
 * depend on the moderation API. `publishedAt` defaults to now.
 */
export async function publishDirectly(app: TestApp, id: string, publishedAt = new Date()): Promise<void> {
  const stories = app.connection.model('Story') as Models['stories'];
  const { matchedCount } = await stories.updateOne(
    { _id: new Types.ObjectId(id) },
    { $set: { status: 'published', publishedAt } },
  );
  if (matchedCount !== 1) throw new Error(`no story ${id} to publish`);
}

/** Submits and publishes a story; answers its id and author key. */
export async function publishedStory(
  app: TestApp,
  overrides: Record<string, unknown> = {},
  publishedAt = new Date(),
): Promise<{ id: string; authorKey: string }> {
  const story = await submitAccepted(app, overrides);
  await publishDirectly(app, story.id, publishedAt);
  return story;
}

/** The story as stored, private fields and all, for checking what was (not) kept. */
export async function storedStory(app: TestApp, id: string): Promise<Record<string, unknown> | null> {
  const stories = app.connection.model('Story') as Models['stories'];
  return stories.findById(id).lean<Record<string, unknown>>();
}

/** `GET` an API path; answers status, raw text and parsed body. */
export async function getJson(
  app: TestApp,
  path: string,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  headers: Headers;
  text: string;
  body: Record<string, unknown> & { items?: unknown };
}> {
  const response = await fetch(`${app.baseUrl}/api/v1${path}`, { headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
}

/** The field names a 400 problem lists. */
export function problemFields(body: { errors?: { field: string }[] }): string[] {
  return (body.errors ?? []).map((error) => error.field);
}

/** A POST with exactly these bytes (fetch would refuse some of the bodies hostile tests send). */
export function postRaw(
  app: TestApp,
  body: Buffer,
  contentType: string,
  path = '/api/v1/stories',
): Promise<{ status: number; contentType: string; text: string }> {
  const { hostname, port } = new URL(app.baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        hostname,
        port,
        path,
        method: 'POST',
        agent: false,
        headers: { 'content-type': contentType, 'content-length': body.length },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    // The server may answer 413 and close before the whole body is sent.
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    outgoing.end(body);
  });
}
