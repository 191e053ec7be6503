import { expect } from 'chai';
import { buildManifest } from '../../scripts/custom-elements.js';

interface Declaration {
  tagName?: string;
  summary?: string;
  description?: string;
  attributes?: Array<{ name: string; description?: string }>;
  events?: Array<{ name: string }>;
  cssProperties?: Array<{ name: string }>;
  cssParts?: Array<{ name: string }>;
}

/** custom-elements.json, generated from the components' JSDoc as `npm run build:widget` does. */
describe('custom-elements.json', function () {
  this.timeout(60_000);
  let elements: Map<string, Declaration>;

  before(async () => {
    const { manifest } = await buildManifest({ write: false });
    const modules = (manifest as { modules: Array<{ declarations?: Declaration[] }> }).modules;
    elements = new Map(
      modules.flatMap((module) =>
        (module.declarations ?? []).flatMap((item) => (item.tagName ? [[item.tagName, item] as const] : [])),
      ),
    );
  });

  it('describes every element a board embeds', () => {
    expect([...elements.keys()]).to.include.members(['careloop-stories', 'careloop-form', 'careloop-badge']);
  });

  it('documents the attributes of <careloop-stories>, each with a description', () => {
    const attributes = elements.get('careloop-stories')?.attributes ?? [];
    expect(attributes.map((attribute) => attribute.name)).to.include.members([
      'service',
      'api',
      'page-size',
      'no-search',
      'no-form',
      'mode',
    ]);
    for (const attribute of attributes) expect(attribute.description, attribute.name).to.be.a('string');
  });

  it('lists the events, custom properties and parts a host page can use', () => {
    const stories = elements.get('careloop-stories')!;
    expect(stories.events?.map((event) => event.name)).to.include('careloop-status');
    for (const event of [...elements.values()].flatMap((element) => element.events ?? [])) {
      expect(event.name, 'events are careloop-*').to.match(/^careloop-/);
    }
    expect(stories.cssProperties?.every((property) => property.name.startsWith('--careloop-'))).to.equal(
      true,
    );
    expect(stories.cssParts?.length).to.be.greaterThan(0);
  });
});
