/**
 * The service's requests and answers as its OpenAPI document describes them. openapi.d.ts is generated
 * from that document (`npm run api-types`), so the widget names the shapes it reads here rather than
 * writing them again: a change to the service's schemas shows up in the widget's type check.
 */
import type { paths } from './openapi.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The JSON body `method path` answers with `status` (e.g. `ApiAnswer<'/stories/{id}'>`). */
export type ApiAnswer<
  Path extends keyof paths,
  M extends Method = 'get',
  Status extends number = 200,
> = paths[Path][M] extends { responses: { [S in Status]: { content: { 'application/json': infer Body } } } }
  ? Body
  : never;

/** The JSON body `method path` takes. */
export type ApiRequestBody<Path extends keyof paths, M extends Method> = paths[Path][M] extends {
  requestBody: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;
