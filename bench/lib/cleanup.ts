/**
 * Last-resort cleanup: temp dirs and child processes a part registers here are removed or killed when
 * the bench exits by any route (an error, Ctrl+C, SIGTERM), not only when its `finally` blocks run.
 * Steps must be synchronous, because an 'exit' listener cannot wait.
 */
const steps = new Set<() => void>();

/** Registers a cleanup step; call the returned function once the part has cleaned up itself. */
export function onExit(step: () => void): () => void {
  steps.add(step);
  return () => steps.delete(step);
}

function runAll(): void {
  for (const step of steps) {
    try {
      step();
    } catch {
      // Best effort: one failed step must not keep the others from running.
    }
  }
  steps.clear();
}

process.on('exit', runAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    process.exit(130);
  });
}
