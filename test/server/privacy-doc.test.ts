import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import mongoose, { type Schema } from 'mongoose';
import { createModels } from '../../server/models/index.js';

const privacyDoc = readFileSync(new URL('../../docs/privacy.md', import.meta.url), 'utf8');

/** Every `collection.path` whose schema path says `personal: true`, sub-documents and arrays included. */
function personalFieldsOf(schema: Schema, prefix: string, found: Set<string>, all: Set<string>): void {
  schema.eachPath((path, type) => {
    const name = `${prefix}.${path}`;
    all.add(name);
    if ((type.options as { personal?: unknown }).personal === true) found.add(name);
    const nested = (type as unknown as { schema?: Schema }).schema;
    if (nested) personalFieldsOf(nested, name, found, all);
  });
}

function schemaFields(): { personal: Set<string>; all: Set<string> } {
  // Never connected: registering the models is all the walk needs.
  const connection = mongoose.createConnection();
  const personal = new Set<string>();
  const all = new Set<string>();
  for (const model of Object.values(createModels(connection))) {
    personalFieldsOf(model.schema, model.collection.collectionName, personal, all);
  }
  return { personal, all };
}

/** The first cell of every row of the document's field tables: `` `collection.path` ``. */
function documentedFields(): string[] {
  return [...privacyDoc.matchAll(/^\|\s*`([a-z_]+\.[A-Za-z_.]+)`\s*\|/gm)].map((match) => match[1]!);
}

describe('docs/privacy.md', function () {
  it('lists every field the schemas mark personal', function () {
    const documented = new Set(documentedFields());
    const missing = [...schemaFields().personal].filter((field) => !documented.has(field));
    expect(missing, 'marked `personal: true` but not in docs/privacy.md').to.deep.equal([]);
  });

  it('names only fields that exist and are marked personal', function () {
    const { personal, all } = schemaFields();
    const stale = documentedFields().filter((field) => !personal.has(field));
    expect(
      stale.map((field) => `${field}${all.has(field) ? ' (not marked personal)' : ' (no such field)'}`),
      'in docs/privacy.md but not a personal field of the schemas',
    ).to.deep.equal([]);
  });

  it('says for each field who can see it, how long it is kept and how it is erased', function () {
    const rows = privacyDoc.split('\n').filter((line) => /^\|\s*`[a-z_]+\./.test(line));
    expect(rows).to.not.have.length(0);
    for (const row of rows) {
      const cells = row
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
      expect(cells, row).to.have.length(5);
      expect(cells.every(Boolean), row).to.equal(true);
    }
  });
});
