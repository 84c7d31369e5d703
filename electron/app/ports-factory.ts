// Opens the ports a session runs on: the Windows host, the directory (configured or discovered),
// and the lab directory with its account seeder.
import { DirectoryError } from '../ports/errors';
import type { DirectoryConnection, DirectoryPort } from '../ports/directory-port';
import type { HostPort } from '../ports/host-port';
import { WindowsHost } from '../host/windows/windows-host';
import { LdapDirectory } from '../directory/ldap-directory';
import { MemoryDirectory } from '../directory/memory-directory';
import { createLabDirectoryAdmin } from '../directory/lab-directory-admin';
import type { LabDirectoryAdmin } from '../directory/lab-user-spec';
import { seedReadinessPractice } from '../lab/readiness-practice';

export function openWindowsHost(): HostPort {
  return new WindowsHost();
}

/** The configured directory; without a configuration there is none (the UI asks to connect). */
export async function openDirectory(connection: DirectoryConnection | undefined): Promise<DirectoryPort | null> {
  if (!connection) return null;
  const directory = new LdapDirectory(connection);
  await directory.info(); // fail now, with the reason, rather than at the first probe
  return directory;
}

export async function openLabDirectory(
  choice: { kind: 'memory' } | { kind: 'ldap'; connection: DirectoryConnection },
  domain: string | null,
): Promise<{ directory: DirectoryPort; seeder: LabDirectoryAdmin }> {
  if (choice.kind === 'ldap') {
    const directory = new LdapDirectory(choice.connection);
    const seeder = createLabDirectoryAdmin(directory);
    try {
      await directory.info();
      // Read-only check before anything is written: only the lab's own DC may be seeded.
      await seeder.checkLabDirectory();
    } catch (e) {
      await directory.close();
      if (e instanceof DirectoryError && e.code !== 'not-a-lab')
        throw new DirectoryError(e.code, `Lab directory at ${choice.connection.url}: ${e.message}`, e.details);
      throw e;
    }
    return { directory, seeder };
  }
  const directory = new MemoryDirectory({ domain: domain ?? 'lab.example.com' });
  const seeder = createLabDirectoryAdmin(directory);
  // Readiness problems to practise the workbench on (the in-memory directory only: a real lab DC
  // holds what its tests put there).
  const info = await directory.info();
  await seedReadinessPractice(seeder, info.baseDn, info.domain);
  return { directory, seeder };
}
