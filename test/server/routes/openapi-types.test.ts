import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { API_TYPES_FILE, apiTypes } from '../../../scripts/api-types.js';
import { describeApi } from '../../../server/routes/api.js';

// `server/` here is the built service (test/support/built-server): the document it would serve.
describe('the widget API types (widget/api/openapi.d.ts)', () => {
  it('are what npm run api-types makes of the OpenAPI document the service serves', async () => {
    const current = await apiTypes(describeApi('https://careloop.example'));
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    // A bare message, not a diff of two 2,000-line files: the fix is one command.
    if (committed !== current) expect.fail('widget/api/openapi.d.ts is stale: run npm run api-types');
  });
});
