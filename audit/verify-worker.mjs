// The entry of a verify worker thread. A worker's entry cannot be TypeScript on its own (Node
// applies no loader to it, however the parent was started), so this plain module registers tsx
// inside the worker and then loads the real worker. 'tsx' resolves from this file, not the cwd.
import { register } from 'tsx/esm/api';

register();
await import('./verify-worker.ts');
