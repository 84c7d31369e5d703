// The contract against the Samba lab DC (started by tests/setup/lab-dc.ts), through LdapDirectory over LDAPS.
import fs from 'node:fs';
import { inject } from 'vitest';
import { LdapDirectory } from '../../electron/directory/ldap-directory';
import { createLabDirectoryAdmin } from '../../electron/directory/lab-directory-admin';
import { directoryContract } from './contract';

const lab = inject('labDc');

directoryContract(
  'LdapDirectory against the Samba lab DC',
  async () => {
    if (!lab) throw new Error('no lab DC');
    const port = await LdapDirectory.connect({
      url: lab.url,
      bindDn: lab.bindDn,
      password: fs.readFileSync(lab.passwordFile, 'utf8'),
      caFile: lab.caFile,
      serverName: lab.serverName,
    });
    return { port, admin: createLabDirectoryAdmin(port), netbiosDomain: lab.netbiosDomain, close: () => port.close() };
  },
  lab ? null : (inject('labDcSkipReason') ?? 'no lab DC'),
);
