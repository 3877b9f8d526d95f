/** The browser entry of a fused-engine training thread (threadBody.ts; started by threads.ts). */
import { threadMain, type ThreadInit } from './threadBody';

self.onmessage = (event: MessageEvent<ThreadInit>) =>
  threadMain(event.data, () => self.postMessage('ready'));
