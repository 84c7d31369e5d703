// The server's local user accounts (its SAM): DirSync's AAD_<hex> service account lives here.
// A service logon with a local account is decided by these flags, as LogonUser would decide it.
import type { LocalUser, LocalUserChange } from '../../shared/domain/host';
import { LocalUserChange as LocalUserChangeSchema } from '../../shared/domain/host';
import { HostError } from '../ports/errors';
import type { OperationOptions } from '../ports/host-port';
import { DAY, requireElevated, type LabContext } from './lab-context';
import type { LabLocalAccount } from './scenario';

interface LabLocalUser {
  spec: LabLocalAccount;
  enabled: boolean;
  passwordNeverExpires: boolean;
  passwordExpired: boolean;
  lockedOut: boolean;
  password: string;
  passwordLastSet: Date;
}

/** Why a local sign-in fails, in the words of the logon failure event; null: it succeeds. */
export type LocalSignInFailure = 'invalid-credentials' | 'account-disabled' | 'account-locked' | 'password-expired';

export class LabLocalAccounts {
  private readonly sam = new Map<string, LabLocalUser>();

  constructor(
    private readonly ctx: LabContext,
    passwords: ReadonlyMap<string, string> | undefined,
  ) {
    for (const spec of ctx.scenario.localAccounts) {
      this.sam.set(spec.name.toLowerCase(), {
        spec,
        enabled: spec.enabled,
        passwordNeverExpires: spec.passwordNeverExpires,
        passwordExpired: spec.passwordExpired,
        lockedOut: spec.lockedOut,
        password: passwords?.get(spec.name.toLowerCase()) ?? '',
        passwordLastSet: new Date(ctx.now().getTime() - 400 * DAY),
      });
    }
  }

  has(name: string): boolean {
    return this.sam.has(name.toLowerCase());
  }

  /** The name as the SAM spells it. */
  nameOf(name: string): string {
    return this.user(name).spec.name;
  }

  /** The order Windows checks in: the password first, then disabled, locked, expired. */
  signInFailure(name: string, password: string | null): LocalSignInFailure | null {
    const u = this.sam.get(name.toLowerCase());
    if (!u || !password || u.password !== password) return 'invalid-credentials';
    if (!u.enabled) return 'account-disabled';
    if (u.lockedOut) return 'account-locked';
    if (u.passwordExpired && !u.passwordNeverExpires) return 'password-expired';
    return null;
  }

  async list(prefix?: string): Promise<LocalUser[]> {
    return [...this.sam.values()].filter((u) => prefix === undefined || u.spec.name.toLowerCase().startsWith(prefix.toLowerCase())).map((u) => this.info(u));
  }

  async set(name: string, change: LocalUserChange, opts: OperationOptions = {}): Promise<LocalUser> {
    const parsed = LocalUserChangeSchema.safeParse(change);
    if (!parsed.success) throw new HostError('bad-input', `change: ${parsed.error.issues.map((i) => i.message).join('; ')}`, { field: 'change' });
    const u = this.user(name);
    requireElevated(this.ctx, 'Changing a local user');
    await this.ctx.delay(opts);
    if (parsed.data.enabled !== undefined) u.enabled = parsed.data.enabled;
    if (parsed.data.passwordNeverExpires !== undefined) {
      u.passwordNeverExpires = parsed.data.passwordNeverExpires;
      // Windows computes "expired" from the age; with "never expires" set it no longer applies.
      if (u.passwordNeverExpires) u.passwordExpired = false;
    }
    if (parsed.data.unlock) u.lockedOut = false;
    return this.info(u);
  }

  async resetPassword(name: string, password: string, opts: OperationOptions = {}): Promise<LocalUser> {
    const u = this.user(name);
    requireElevated(this.ctx, 'Resetting a local password');
    if (password.length < 8)
      throw new HostError('password-rejected', `Windows refused the new password for '${u.spec.name}': it does not meet the password policy.`);
    await this.ctx.delay(opts);
    u.password = password;
    u.passwordExpired = false;
    u.passwordLastSet = this.ctx.now();
    return this.info(u);
  }

  private user(name: string): LabLocalUser {
    const u = this.sam.get(name.toLowerCase());
    if (!u) throw new HostError('account-not-found', `There is no local user named '${name}' on this computer.`, { win32: 2221 });
    return u;
  }

  private info(u: LabLocalUser): LocalUser {
    return {
      name: u.spec.name,
      fullName: u.spec.fullName ?? null,
      enabled: u.enabled,
      passwordNeverExpires: u.passwordNeverExpires,
      passwordExpired: u.passwordExpired,
      lockedOut: u.lockedOut,
      passwordLastSet: u.passwordLastSet.toISOString(),
    };
  }
}
