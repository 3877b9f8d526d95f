/**
 * Last line of defence on the page: an exception nobody caught, or a promise rejection nobody
 * handled, becomes a visible message instead of a silently broken page. It is not swallowed: the
 * browser still reports it (tests still fail on it), and it is logged with context.
 */
import { reportUnexpected } from '../../state/reliabilityStore';

function describe(reason: unknown): string {
  if (reason instanceof Error) return reason.message || reason.name;
  if (typeof reason === 'string') return reason;
  try {
    return JSON.stringify(reason);
  } catch {
    return String(reason);
  }
}

export function installGlobalErrorHandlers(target: Window = window): void {
  target.addEventListener('error', (event: ErrorEvent) => {
    const message = describe(event.error ?? event.message);
    console.warn(`MTL Lab: uncaught error at ${event.filename}:${event.lineno}:`, message);
    reportUnexpected(message);
  });
  target.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
    const message = describe(event.reason);
    console.warn('MTL Lab: unhandled promise rejection:', message);
    reportUnexpected(message);
  });
}
