// Whether a call is in progress, app-wide: the call code flips it, the update prompt waits on it.

type Listener = (active: boolean) => void;

let active = false;
const listeners = new Set<Listener>();

/** Marks a call as started (true) or ended (false); listeners hear only real changes. */
export function setCallActive(value: boolean): void {
  if (value === active) return;
  active = value;
  for (const listener of listeners) listener(active);
}

/** True between setCallActive(true) and setCallActive(false). */
export function isCallActive(): boolean {
  return active;
}

/** Calls `listener` on every change; returns the function that stops it. */
export function onCallActivity(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
