// Keeps secrets out of everything the app writes. Every password the app handles is registered
// here; anything bound for a log, the audit log, a report or saved state passes through redact(),
// which replaces registered values wherever they appear and drops fields whose name says secret.
// Names that end in a secret word (password, newPassword, unicodePwd, token); pwdLastSet and
// passwordNeverExpires are facts about a password, not the password.
const SECRET_KEY = /(password|passwd|pwd|secret|token|credentials?)$/i;
export const REDACTED = '[redacted]';

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Register a secret value; short values are refused because they would redact ordinary words. */
  add(secret: string): void {
    if (secret.length >= 6) this.secrets.add(secret);
  }

  redactText(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  }

  /** Deep copy with secret-named fields replaced and registered values scrubbed from strings. */
  redact<T>(value: T): T {
    return this.walk(value, 0) as T;
  }

  private walk(value: unknown, depth: number): unknown {
    if (depth > 32) return '[too deep]';
    if (typeof value === 'string') return this.redactText(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v, depth + 1));
    if (value instanceof Error) return { name: value.name, message: this.redactText(value.message) };
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined && typeof v !== 'boolean' ? REDACTED : this.walk(v, depth + 1);
      }
      return out;
    }
    return value;
  }
}
