import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import {
  ADMIN_CHUNK_BUDGET_BYTES,
  ADMIN_CHUNK_PATTERN,
  ADMIN_TAB_BUDGET_BYTES,
  ADMIN_TAB_PATTERN,
  ENTRY_FILE,
  PUBLIC_BUNDLE_BUDGET_BYTES,
  WIDGET_DIST,
} from '../../scripts/size-report.js';

// `npm test` builds the widget first (`npm run build:widget`), so these read what a board would download.
describe('widget bundle', () => {
  const files = () => readdirSync(WIDGET_DIST);
  const read = (file: string) => readFileSync(join(WIDGET_DIST, file));

  it('is one entry file at dist/widget/careloop.js', () => {
    expect(files()).to.include(ENTRY_FILE);
  });

  it('stays under the public bundle budget, minified and gzipped, Lit included', () => {
    const gzipped = gzipSync(read(ENTRY_FILE), { level: 9 }).length;
    expect(gzipped, `careloop.js is ${gzipped} bytes min+gzip`).to.be.greaterThan(1024);
    expect(gzipped, `careloop.js is ${gzipped} bytes min+gzip`).to.be.at.most(PUBLIC_BUNDLE_BUDGET_BYTES);
  });

  it("carries Lit's production build, not its development build", () => {
    // Lit's development build warns "Lit is in dev mode" and is about twice the size.
    expect(read(ENTRY_FILE).toString('utf8')).not.to.include('dev mode');
  });

  it('loads the Welsh catalogue as a separate hashed chunk, not in the public bundle', () => {
    const welsh = files().filter((file) => /^cy-[\w-]{6,}\.js$/.test(file));
    expect(welsh, 'cy-<hash>.js in dist/widget').to.have.lengthOf(1);
    expect(read(welsh[0]).toString('utf8')).to.include('Wedi cysylltu â careloop');
    const entry = read(ENTRY_FILE).toString('utf8');
    expect(entry).to.include(`import("./${welsh[0]}")`);
    expect(entry).not.to.include('Wedi cysylltu');
  });

  it('loads the admin chunk on demand, under its own budget, and keeps its words out of the public bundle', () => {
    const admin = files().filter((file) => ADMIN_CHUNK_PATTERN.test(file));
    expect(admin, 'admin-<hash>.js in dist/widget').to.have.lengthOf(1);
    const gzipped = gzipSync(read(admin[0]), { level: 9 }).length;
    expect(gzipped, `${admin[0]} is ${gzipped} bytes min+gzip`).to.be.at.most(ADMIN_CHUNK_BUDGET_BYTES);
    const chunk = read(admin[0]).toString('utf8');
    expect(chunk).to.include('Moderation queue');
    expect(chunk, 'Lit comes from careloop.js, not a second copy').not.to.include('@license');
    const entry = read(ENTRY_FILE).toString('utf8');
    expect(entry).to.include(`import("./${admin[0]}")`);
    expect(entry).not.to.include('Moderation queue');
    expect(files().filter((file) => /^admin-cy-[\w-]{6,}\.js$/.test(file))).to.have.lengthOf(1);
  });

  it('loads each seldom-opened admin tab as a chunk of its own, under the admin tab budget, only from the admin chunk', () => {
    const tabs = files().filter((file) => ADMIN_TAB_PATTERN.test(file));
    const names = tabs.map((file) => file.replace(/^admin-tab-([a-z-]+)-[\w-]{8}\.js$/, '$1')).sort();
    expect(names).to.deep.equal([
      'api-keys',
      'erasure',
      'on-behalf',
      'preview',
      'reports',
      'two-step',
      'webhooks',
    ]);
    const admin = read(files().find((file) => ADMIN_CHUNK_PATTERN.test(file))!).toString('utf8');
    const entry = read(ENTRY_FILE).toString('utf8');
    for (const tab of tabs) {
      const gzipped = gzipSync(read(tab), { level: 9 }).length;
      expect(gzipped, `${tab} is ${gzipped} bytes min+gzip`).to.be.at.most(ADMIN_TAB_BUDGET_BYTES);
      expect(read(tab).toString('utf8'), 'Lit comes from careloop.js').not.to.include('@license');
      expect(admin).to.include(`import("./${tab}")`);
      expect(entry).not.to.include(tab);
    }
    // The charts are the bulk of Reports: they stay out of the admin chunk everyone loads on sign-in.
    expect(admin).not.to.include('class="swarm"');
  });
});
