// Keeps secrets out of everything the app writes. Every password the app handles is registered
// here; anything bound for a log, the audit log, a report or saved state passes through redact(),
// which replaces registered values wherever they appear and drops fields whose name says secret.
// Names that end in a secret word (password, newPassword, unicodePwd, token); pwdLastSet and
// passwordNeverExpires are facts about a password, not the password.
const SECRET_KEY = /(password|passwd|pwd|secret|token|credentials?)$/i;
export const REDACTED = '[redacted]';

/**
 * From this length a secret is redacted wherever it appears, even inside a longer string (no
 * ordinary word is a 12-character secret). A shorter one only where it stands alone, between
 * spaces, quotes, brackets or separators: never inside a word or a name such as
 * "auditsec@contoso.example.com", where "[redacted]" would give a short password away by its
 * context instead of hiding it.
 */
export const ANYWHERE_FROM_LENGTH = 12;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const BEFORE_ALONE = '(?<=^|[\\s"\'`=:,;()\\[\\]{}<>])';
const AFTER_ALONE = '(?=$|[\\s"\'`=:,;()\\[\\]{}<>]|[.!?](?:$|\\s))';

export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | null = null;

  /** Register a secret value, whatever its length (an empty string is not a secret). */
  add(secret: string): void {
    if (typeof secret !== 'string' || secret === '' || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    this.pattern = null;
  }

  redactText(text: string): string {
    if (this.secrets.size === 0) return text;
    this.pattern ??= this.compile();
    return text.replace(this.pattern, REDACTED);
  }

  /** One pattern for all secrets, longest first (a secret that contains another is redacted whole). */
  private compile(): RegExp {
    const alternatives = [...this.secrets]
      .sort((a, b) => b.length - a.length)
      .map((s) => (s.length >= ANYWHERE_FROM_LENGTH ? escapeRegExp(s) : `${BEFORE_ALONE}${escapeRegExp(s)}${AFTER_ALONE}`));
    return new RegExp(alternatives.join('|'), 'gu');
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
