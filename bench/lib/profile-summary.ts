/**
 * Where a V8 CPU profile (`node --cpu-prof`, e.g. from `npm run bench -- feeds --cpu-prof`) spent its
 * time, as text: the functions with the most self time, and self time summed by file.
 *
 *   npx tsx bench/lib/profile-summary.ts <file.cpuprofile> [rows]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  byFunction: { name: string; ms: number }[];
  byFile: { file: string; ms: number }[];
}

function shortFile(url: string): string {
  if (!url) return '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const root = url.indexOf('/server/');
  return root >= 0 ? url.slice(root + 1) : url.replace(/^file:\/\//, '');
}

export function summariseProfile(profile: Profile): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1_000);
  });
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of selfMs) {
    const { callFrame } = byId.get(id)!;
    const file = shortFile(callFrame.url);
    const name = `${callFrame.functionName || '(anonymous)'}  ${file}:${callFrame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    files.set(file, (files.get(file) ?? 0) + ms);
    totalMs += ms;
  }
  const sorted = <K>(map: Map<K, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return {
    totalMs,
    byFunction: sorted(functions).map(([name, ms]) => ({ name, ms })),
    byFile: sorted(files).map(([file, ms]) => ({ file, ms })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, rowsText] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npx tsx bench/lib/profile-summary.ts <file.cpuprofile> [rows]');
    process.exit(2);
  }
  const rows = Number(rowsText ?? 25);
  const summary = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const percent = (ms: number) => `${((ms * 100) / summary.totalMs).toFixed(1).padStart(5)}%`;
  console.log(`${file}: ${(summary.totalMs / 1_000).toFixed(1)} s sampled\n\nself time by function:`);
  for (const { name, ms } of summary.byFunction.slice(0, rows)) console.log(`${percent(ms)}  ${name}`);
  console.log('\nself time by file:');
  for (const { file: name, ms } of summary.byFile.slice(0, rows)) console.log(`${percent(ms)}  ${name}`);
}
