// The saved work in IndexedDB (src/io/persist.ts), on fake-indexeddb: kept runs each under a key of
// their own, written only when they change, so a settings change never clones their histories;
// deleted runs' keys removed; records with the kept runs inline (older pages) still read. The
// tests share one database, as the page does: each save leaves the store as its list says.
import 'fake-indexeddb/auto';
import { get, keys, set } from 'idb-keyval';
import { expect, it } from 'vitest';
import { KEPT_PREFIX, loadSaved, saveWork, WORK_KEY } from '../../src/io/persist.ts';
import { SCHEMA_VERSION, type KeptRun } from '../../src/io/stored-schema.ts';

const run = (id: string, n: number): KeptRun => ({ id, name: `run ${id}`, cell: 'lstm', points: Array.from({ length: n }, (_, i) => ({ step: i + 1, loss: 3 - i / n, gradNorm: 1, clipped: false, seconds: i })) });

/** Counts the values idb-keyval writes, by key, while `during` runs. */
async function writesDuring(during: () => Promise<void>): Promise<string[]> {
  const written: string[] = [];
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    written.push(String(key));
    return put.call(this, value, key);
  };
  try {
    await during();
  } finally {
    IDBObjectStore.prototype.put = put;
  }
  return written;
}

const storedKept = async () => (await keys()).map(String).filter((k) => k.startsWith(KEPT_PREFIX)).sort();

it('writes each kept run under its own key once; a settings change writes the work record alone', async () => {
  const [a, b] = [run('kept-a', 2000), run('kept-b', 10)];
  const work = { text: 'hello', kept: [a, b] };
  expect(await writesDuring(() => saveWork(work))).toEqual([WORK_KEY, KEPT_PREFIX + 'kept-a', KEPT_PREFIX + 'kept-b']);
  expect(await get(WORK_KEY)).toEqual({ text: 'hello', keptIds: ['kept-a', 'kept-b'], version: SCHEMA_VERSION });
  // the chart, the text: the kept runs are the same objects, not written again
  expect(await writesDuring(() => saveWork({ ...work, text: 'hello!' }))).toEqual([WORK_KEY]);
  // a rename makes a new object of one run: that one is written
  const renamed = { ...b, name: 'baseline' };
  expect(await writesDuring(() => saveWork({ text: 'hello!', kept: [a, renamed] }))).toEqual([WORK_KEY, KEPT_PREFIX + 'kept-b']);
  const back = await loadSaved();
  expect(back.problems).toEqual([]);
  expect(back.work.text).toBe('hello!');
  expect(back.work.kept?.map((k) => [k.id, k.name, k.points.length])).toEqual([['kept-a', 'run kept-a', 2000], ['kept-b', 'baseline', 10]]);
  // what was read back is what is stored: saving it again writes no run
  expect(await writesDuring(() => saveWork(back.work))).toEqual([WORK_KEY]);
});

it('removes a deleted run’s key, and keeps the order of the list', async () => {
  const [a, b, c] = [run('kept-a', 5), run('kept-b', 5), run('kept-c', 5)];
  await saveWork({ text: 't', kept: [a, b, c] });
  await saveWork({ text: 't', kept: [c, a] });
  expect(await storedKept()).toEqual([KEPT_PREFIX + 'kept-a', KEPT_PREFIX + 'kept-c']);
  expect((await loadSaved()).work.kept?.map((k) => k.id)).toEqual(['kept-c', 'kept-a']);
  await saveWork({ text: 't' }); // no kept runs at all (a reset of the saved settings)
  expect(await storedKept()).toEqual([]);
});

it('reads a record with its kept runs inline (saved by an older page), then moves them to their keys', async () => {
  await set(WORK_KEY, { text: 'old', kept: [run('kept-x', 3)], version: SCHEMA_VERSION });
  const { work, problems } = await loadSaved();
  expect(problems).toEqual([]);
  expect(work.kept?.map((k) => k.id)).toEqual(['kept-x']);
  expect(await writesDuring(() => saveWork(work))).toEqual([WORK_KEY, KEPT_PREFIX + 'kept-x']);
  expect(await get(WORK_KEY)).not.toHaveProperty('kept');
  expect((await loadSaved()).work.kept?.[0]?.points).toHaveLength(3);
});

it('drops a kept run that does not fit and names it; a missing one is left out', async () => {
  await set(WORK_KEY, { text: 't', keptIds: ['kept-a', 'kept-gone', 'kept-bad'], version: SCHEMA_VERSION });
  await set(KEPT_PREFIX + 'kept-a', run('kept-a', 2));
  await set(KEPT_PREFIX + 'kept-bad', { ...run('kept-bad', 2), cell: 'transformer' });
  const { work, problems } = await loadSaved();
  expect(work.kept?.map((k) => k.id)).toEqual(['kept-a']);
  expect(problems).toEqual([expect.objectContaining({ key: 'kept', field: 'run kept-bad' })]);
});
