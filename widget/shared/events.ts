/**
 * Dispatches a `careloop-*` event the host page can hear from outside the shadow root (bubbles,
 * composed). Answers false when a listener cancelled a cancelable event.
 */
export function emit<T>(
  target: EventTarget,
  name: `careloop-${string}`,
  detail: T,
  cancelable = false,
): boolean {
  return target.dispatchEvent(
    new CustomEvent<T>(name, { detail, bubbles: true, composed: true, cancelable }),
  );
}
