import { expect } from 'chai';
import { Store } from '../src/store/store.js';
import { SnapshotHistory } from '../src/store/snapshot-history.js';

describe('engine snapshot history', function () {
  function storeWithOneStory(): Store {
    const store = new Store();
    store.apply({ op: 'create', db: 'careloop', coll: 'stories', options: {} });
    store.apply({
      op: 'createIndex',
      db: 'careloop',
      coll: 'stories',
      spec: { v: 2, key: { status: 1 }, name: 'status_1' },
    });
    store.apply({ op: 'put', db: 'careloop', coll: 'stories', doc: { _id: 1, status: 'published' } });
    return store;
  }

  it('a snapshot keeps its documents and indexes while the store changes', function () {
    const store = storeWithOneStory();
    const history = new SnapshotHistory(store);
    const { store: snapshot } = history.snapshotFor(undefined);
    store.apply({ op: 'put', db: 'careloop', coll: 'stories', doc: { _id: 1, status: 'withdrawn' } });
    store.apply({ op: 'put', db: 'careloop', coll: 'stories', doc: { _id: 2, status: 'published' } });
    const stories = snapshot.collection('careloop', 'stories')!;
    expect([...stories.documents.values()]).to.deep.equal([{ _id: 1, status: 'published' }]);
    expect(stories.indexSpecs().map((spec) => spec.name)).to.deep.equal(['_id_', 'status_1']);
  });

  it('reads of an unchanged store share one snapshot; a change makes the next read take a new one', function () {
    const store = storeWithOneStory();
    const history = new SnapshotHistory(store);
    const first = history.snapshotFor(undefined);
    expect(history.snapshotFor(undefined).atClusterTime).to.equal(first.atClusterTime);
    store.apply({ op: 'delete', db: 'careloop', coll: 'stories', id: 1 });
    const second = history.snapshotFor(undefined);
    expect(second.atClusterTime).to.not.equal(first.atClusterTime);
    expect(history.snapshotFor(first.atClusterTime).store).to.equal(first.store);
  });

  it('a snapshot is forgotten once its window has passed, and a read at it is SnapshotTooOld', function () {
    let now = 1_000_000;
    const history = new SnapshotHistory(storeWithOneStory(), 300_000, () => now);
    const taken = history.snapshotFor(undefined);
    now += 299_000;
    expect(history.snapshotFor(taken.atClusterTime).store).to.equal(taken.store);
    now += 2_000;
    expect(() => history.snapshotFor(taken.atClusterTime)).to.throw(/older than the oldest available/);
  });
});
