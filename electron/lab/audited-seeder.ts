// The lab seeder's writes to a real directory go to the audit log like any fix: a start line
// before each write and an end line after it, with what was written where. (The in-memory lab
// directory is not audited: nothing outside the app's memory changes.)
import type { AuditLog } from '../audit/audit-log';
import type { LabAccountSeeder } from './lab-seeder';

export interface SeedAuditContext {
  audit: AuditLog;
  actor: string;
  /** The directory written to, e.g. "ldaps://dc01.contoso.com:636". */
  directory: string;
  /** Why: "lab scenario dirsync-account-moved". */
  origin: string;
}

export function auditedSeeder(seeder: LabAccountSeeder, ctx: SeedAuditContext): LabAccountSeeder {
  const audited = async <T>(action: string, target: string, property: string, to: string, work: () => Promise<T>): Promise<T> => {
    const id = ctx.audit.begin({
      actor: ctx.actor,
      host: ctx.directory,
      action,
      target,
      planned: [{ target, property, from: action === 'lab.create-user' || action === 'lab.create-ou' ? 'absent' : 'present', to }],
      origin: ctx.origin,
    });
    try {
      const result = await work();
      ctx.audit.end(id, { result: 'succeeded', summary: `${action} ${target}`, errorCode: null, recheck: null });
      return result;
    } catch (e) {
      ctx.audit.end(id, {
        result: 'failed',
        summary: e instanceof Error ? e.message : String(e),
        errorCode: (e as { code?: unknown }).code ? String((e as { code: unknown }).code) : 'exception',
        recheck: null,
      });
      throw e;
    }
  };
  return {
    createUser: (spec) =>
      audited('lab.create-user', `${spec.sAMAccountName} in ${spec.parentDn ?? 'CN=Users'}`, 'object', 'created', () => seeder.createUser(spec)),
    resetUser: (spec) =>
      audited('lab.reset-user', `${spec.sAMAccountName} in ${spec.parentDn ?? 'CN=Users'}`, 'object', 'kept or created, password and flags reset', () =>
        seeder.resetUser(spec),
      ),
    deleteUser: (dn) => audited('lab.delete-user', dn, 'object', 'deleted', () => seeder.deleteUser(dn)),
    removeIfPresent: (sam) => audited('lab.remove-user', sam, 'object', 'deleted if the lab created it', () => seeder.removeIfPresent(sam)),
    createOrganizationalUnit: (name, parentDn) =>
      audited('lab.create-ou', `OU=${name}${parentDn ? `,${parentDn}` : ''}`, 'object', 'created', () => seeder.createOrganizationalUnit(name, parentDn)),
  };
}
