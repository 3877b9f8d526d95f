/** Entry of the dedicated module worker that trains; the page reaches it only through comlink. */
// tfjs-core's entry first: it registers the environment flags (DEBUG, ...). The gradient list
// holds a few kernels twice, and registering one again reads the DEBUG flag, which throws when
// the flags are not registered yet. A single bundle evaluates the entry first anyway; Vite's
// dev pre-bundling puts the flags in the entry's own chunk, so this order must be explicit.
import '@tensorflow/tfjs-core';
// The engine differentiates with tfjs-core, which registers no gradients by itself.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { expose } from 'comlink';
import { LabSession } from './labSession';
import { errorMessage } from '../core/errorMessage';

const session = new LabSession();
// An error nobody caught becomes a message on the page; it is still logged (and still an error).
self.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
  const reason: unknown = event.reason;
  const message = errorMessage(reason);
  console.warn('MTL Lab worker: unhandled promise rejection:', message);
  session.notifyUnexpected(message);
});
self.addEventListener('error', (event: ErrorEvent) => {
  console.warn('MTL Lab worker: uncaught error:', event.message);
  session.notifyUnexpected(event.message);
});
expose(session);
