import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChangeWatch, type StoreStamp } from '../../../server/services/change-stamp.js';

/** A stamp source whose reads finish when the test says so. */
function slowStore() {
  let version = 0;
  const pending: Array<() => void> = [];
  return {
    reads: 0,
    change() {
      version += 1;
    },
    finishReads() {
      for (const finish of pending.splice(0)) finish();
    },
    read(): Promise<StoreStamp> {
      this.reads += 1;
      const key = `v${version}`;
      return new Promise((resolve) => pending.push(() => resolve({ key, at: null })));
    },
  };
}

/** Whether `promise` settles before the event loop turns a few times. */
async function settlesAtOnce(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await sleep(5);
  return settled;
}

describe('ChangeWatch', () => {
  const intervalMs = 200;

  it('answers from the stamp it has while it is fresh, without reading the store', async () => {
    const store = slowStore();
    const watch = new ChangeWatch(() => store.read(), intervalMs);
    const first = watch.refresh();
    store.finishReads();
    await first;
    expect(await settlesAtOnce(watch.refresh())).to.equal(true);
    expect(store.reads).to.equal(1);
  });

  it('renews a stamp a quarter of its interval old in the background: the reader does not wait, the next one sees the change', async () => {
    const store = slowStore();
    const watch = new ChangeWatch(() => store.read(), intervalMs);
    const first = watch.refresh();
    store.finishReads();
    await first;
    store.change();
    await sleep(intervalMs * 0.4);
    expect(await settlesAtOnce(watch.refresh()), 'a reader waited for the store').to.equal(true);
    expect(watch.current.key).to.equal('v0');
    expect(store.reads).to.equal(2);
    store.finishReads();
    await sleep(1);
    expect(watch.current.key).to.equal('v1');
  });

  it('waits for a read once the stamp is a whole interval old, so no answer is older than that', async () => {
    const store = slowStore();
    const watch = new ChangeWatch(() => store.read(), intervalMs);
    const first = watch.refresh();
    store.finishReads();
    await first;
    store.change();
    await sleep(intervalMs + 20);
    const due = watch.refresh();
    expect(await settlesAtOnce(due), 'answered on a stale stamp').to.equal(false);
    store.finishReads();
    await due;
    expect(watch.current.key).to.equal('v1');
  });

  it('waits for a read after this instance wrote, so the writer sees its change at once', async () => {
    const store = slowStore();
    const watch = new ChangeWatch(() => store.read(), intervalMs);
    const first = watch.refresh();
    store.finishReads();
    await first;
    store.change();
    watch.noteLocalWrite();
    const after = watch.refresh();
    expect(await settlesAtOnce(after), 'answered without its own write').to.equal(false);
    store.finishReads();
    await after;
    expect(watch.current.key).to.equal('v1');
  });

  it('starts one read however many readers ask at once', async () => {
    const store = slowStore();
    const watch = new ChangeWatch(() => store.read(), intervalMs);
    const readers = Array.from({ length: 50 }, () => watch.refresh());
    store.finishReads();
    await Promise.all(readers);
    expect(store.reads).to.equal(1);
  });
});
