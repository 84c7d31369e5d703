// Account names as the local account tools want them: the sAMAccountName part of DOMAIN\name,
// .\name or COMPUTER\name.
export function accountShortName(account: string): string {
  const t = account.trim();
  const slash = t.lastIndexOf('\\');
  return slash >= 0 ? t.slice(slash + 1) : t;
}
