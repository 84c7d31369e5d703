// Strong random passwords for service accounts: long, from a CSPRNG, and meeting AD's
// complexity rule by construction: three of four character classes, and (drawn again until it
// holds) no part of the account's names, which AD refuses as "contains the user's name".
import { randomInt } from 'node:crypto';

const CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-.:=?@_~'];

/** The parts of names AD looks for in a password: the account name and each 3+ character token of the display name. */
function nameTokens(names: readonly string[]): string[] {
  return names
    .flatMap((n) => [n, ...n.split(/[\s,.\-_#\\@]+/)])
    .filter((t) => t.length >= 3)
    .map((t) => t.toLowerCase());
}

/** `avoid`: the account's names (sAMAccountName, display name, DOMAIN\\name); no part of them appears in the password. */
export function generatePassword(length = 32, avoid: readonly string[] = []): string {
  if (length < 16) throw new RangeError('service account passwords are at least 16 characters');
  const tokens = nameTokens(avoid);
  for (;;) {
    const candidate = draw(length);
    const lower = candidate.toLowerCase();
    if (!tokens.some((t) => lower.includes(t))) return candidate;
  }
}

function draw(length: number): string {
  const all = CLASSES.join('');
  const chars = CLASSES.map((c) => c[randomInt(c.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  // Fisher-Yates so the guaranteed characters are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
