// Passwords a half-finished fix set, kept in memory so the admin can see one once to finish by
// hand (e.g. set in AD, not yet on one service). A ticket shows its secret once, then it is gone;
// unclaimed secrets expire. Nothing here is ever written anywhere.
import { randomBytes } from 'node:crypto';

export class RevealVault {
  private readonly secrets = new Map<string, { secret: string; expires: number }>();

  constructor(
    private readonly ttlMs = 30 * 60_000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Keep a secret; returns the one-time ticket. */
  keep(secret: string): string {
    this.prune();
    const id = randomBytes(16).toString('hex');
    this.secrets.set(id, { secret, expires: this.now().getTime() + this.ttlMs });
    return id;
  }

  /** The secret, once; null when the ticket is unknown, spent or expired. */
  take(id: string): string | null {
    const entry = this.secrets.get(id);
    this.secrets.delete(id);
    if (!entry || entry.expires < this.now().getTime()) return null;
    return entry.secret;
  }

  clear(): void {
    this.secrets.clear();
  }

  private prune(): void {
    const t = this.now().getTime();
    for (const [id, e] of this.secrets) if (e.expires < t) this.secrets.delete(id);
  }
}
