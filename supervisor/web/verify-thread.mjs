// The entry of the UI's verification thread. It first lowers its own scheduling priority, before
// it compiles anything, so that it takes only the CPU the pages do not need: a page view must not
// wait for a background check (Linux keeps a nice value per thread; elsewhere, or where that is
// refused, the thread keeps the process's priority). A worker's entry cannot be TypeScript on its
// own (Node applies no loader to it), so this plain module registers tsx inside the thread and
// then loads the real one. 'tsx' resolves from this file, not the cwd.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { register } from 'tsx/esm/api';

try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid !== process.pid) setPriority(tid, 19);
} catch {
  // Not Linux, or not permitted: verify at the process's priority.
}
register();
await import('./verify-thread.ts');
