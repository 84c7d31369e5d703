// A bind password shorter than this may also be a word of what the app prints (a domain name, a
// user name); the redactor never marks a short secret inside such a name, where "[redacted]" would
// give it away by its context, so the sign-in warns instead.
export const SHORT_BIND_PASSWORD = 8;

/** The warning for a short bind password, or null when it is long enough. */
export function shortBindPasswordWarning(password: string): string | null {
  if (password.length === 0 || password.length >= SHORT_BIND_PASSWORD) return null;
  return `This password is shorter than ${SHORT_BIND_PASSWORD} characters: it is weak, and where it is also part of a name the app prints (a domain or user name) the app cannot hide it there without giving it away. Use a longer one.`;
}
