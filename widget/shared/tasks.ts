/**
 * Resolves in a later task, so the browser can paint and answer input between two pieces of the
 * widget's work: no task of the widget's should block the host page for 50 ms or more on a slow phone.
 * `scheduler.yield()` where there is one (its continuation keeps its place ahead of other tasks), a
 * zero-delay timer elsewhere.
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}
