/** Entry of the dedicated module worker that trains; the page reaches it only through comlink. */
// The engine differentiates with tfjs-core, which registers no gradients by itself.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { expose } from 'comlink';
import { LabSession } from './labSession';

expose(new LabSession());
