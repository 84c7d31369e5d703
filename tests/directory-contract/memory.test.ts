// The contract against the in-memory lab directory used by the offline demo.
import { MemoryDirectory } from '../../electron/directory/memory-directory';
import { createLabDirectoryAdmin } from '../../electron/directory/lab-directory-admin';
import { directoryContract } from './contract';

directoryContract('MemoryDirectory', async () => {
  // A short pause between pages so cancellation is exercised across page boundaries, as over a network.
  const port = new MemoryDirectory({ pageDelayMs: 1 });
  return { port, admin: createLabDirectoryAdmin(port), netbiosDomain: 'LAB', close: () => port.close() };
});
