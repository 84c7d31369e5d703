// The implementation as it was before the engine's performance work (commit ae443bf), kept unchanged
// as the oracle that the property tests (../*.property.test.ts) compare the faster one with.
// SMTP address checks as IdFix makes them (local part, domain part, overall RFC 2822 shape), with
// its top-level-domain defect fixed: the whole suffix is not compared with a short list by its last
// label's length; the last label must be a top-level domain that exists (TOP_LEVEL_DOMAINS).
import type { ScanErrorType } from '../finding';
import { TOP_LEVEL_DOMAINS } from '../tld-list';

const LOCAL_ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LOCAL_PART = new RegExp(`^${LOCAL_ATOM}(?:\\.${LOCAL_ATOM})*$`, 'i');
const DOMAIN_LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
/** Labels, then a final label of letters (or an xn-- IDN label). */
const DOMAIN_PART = new RegExp(`^(?:${DOMAIN_LABEL}\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$`, 'i');

export interface AddressCheck {
  errors: ScanErrorType[];
  /** The address with what can be removed removed (IdFix's clean-up), or null when nothing can be fixed. */
  proposed: string | null;
}

/** The last label of a domain, when it is a real top-level domain. */
export function hasRealTopLevelDomain(domain: string): boolean {
  const dot = domain.lastIndexOf('.');
  if (dot < 0) return false;
  return TOP_LEVEL_DOMAINS.has(domain.slice(dot + 1).toLowerCase());
}

/** Checks one address (without any smtp: prefix). */
export function checkSmtpAddress(address: string): AddressCheck {
  const errors = new Set<ScanErrorType>();
  let fixed = address.trim();
  if (fixed !== address) errors.add('character');
  const at = fixed.lastIndexOf('@');
  if (at <= 0 || at === fixed.length - 1) {
    errors.add('format');
    return { errors: [...errors], proposed: null };
  }
  let local = fixed.slice(0, at);
  let domain = fixed.slice(at + 1);
  if (!DOMAIN_PART.test(domain)) {
    errors.add('domainpart');
    domain = domain
      .replace(/[^a-z0-9.-]/gi, '')
      .replace(/^[.-]+|[.-]+$/g, '')
      .replace(/\.{2,}/g, '.');
  }
  if (local.includes('@') || !LOCAL_PART.test(local)) {
    errors.add('localpart');
    local = local
      .replace(/[^a-z0-9.!#$%&'*+/=?^_`{|}~-]/gi, '')
      .replace(/^\.+|\.+$/g, '')
      .replace(/\.{2,}/g, '.');
  }
  if (domain.includes('.') && !hasRealTopLevelDomain(domain)) errors.add('topleveldomain');
  if (!domain.includes('.')) errors.add('topleveldomain');
  fixed = `${local}@${domain}`;
  const shapeOk = LOCAL_PART.test(local) && DOMAIN_PART.test(domain);
  if (!shapeOk) errors.add('format');
  if (errors.size === 0) return { errors: [], proposed: null };
  // A fix can be proposed only when what is left is a valid address on a real TLD.
  const proposed = shapeOk && hasRealTopLevelDomain(domain) && fixed !== address ? fixed : null;
  return { errors: [...errors], proposed };
}
