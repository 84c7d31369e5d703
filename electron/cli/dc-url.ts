// The domain controller a directory command connects to: the one --url names, or, when it is left
// out, the one the domain-joined session finds (electron/directory/discovery.ts). One place for
// `scan` and `scan apply`/`scan undo`, so both say the same when none is found.
import { discoverDirectory, type DiscoveredDirectory } from '../directory/discovery';
import { EXIT, type CliFailure } from './output';

export type DcUrl = { ok: true; url: string } | { ok: false; failure: CliFailure };

/** How the session's DC is found: replaceable in tests (no DNS). */
export type Discover = (env: Readonly<Record<string, string | undefined>>) => Promise<DiscoveredDirectory | null>;

const discoverFromSession: Discover = (env) => discoverDirectory({ env });

/** --url when given; else the session's DC, or a usage failure (exit 2) that says to give --url. */
export async function dcUrl(
  given: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  discover: Discover = discoverFromSession,
): Promise<DcUrl> {
  if (given) return { ok: true, url: given };
  let why = '';
  try {
    const found = await discover(env);
    if (found) return { ok: true, url: found.url };
  } catch (e) {
    // A domain logon whose DC cannot be looked up: say why, the admin can then pick one.
    why = ` (${(e as Error).message})`;
  }
  return {
    ok: false,
    failure: {
      exit: EXIT.usage,
      code: 'no-domain-controller',
      message: `no domain controller was found automatically${why}; give --url ldaps://dc:636`,
      extra: { flag: '--url' },
    },
  };
}
