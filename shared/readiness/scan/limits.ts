// Microsoft's attribute-preparation table for directory synchronization ("Prepare directory
// attributes for synchronization with Microsoft 365 by using the IdFix tool", Microsoft Learn,
// microsoft-365/enterprise/prepare-directory-attributes-for-synch-with-idfix; read 2026-11).
// Where IdFix's own source checks another number, the table wins; `idfix` records what IdFix
// checks so tests and the README can say where the two differ.

export interface AttributeLimit {
  /** Maximum characters of one value (each value of a multi-valued attribute). */
  max: number;
  /** What IdFix 2.6's source checks instead, when it differs. */
  idfix?: number;
}

export const ATTRIBUTE_LIMITS = {
  displayName: { max: 256, idfix: 255 },
  givenName: { max: 64, idfix: 63 },
  sn: { max: 64 },
  mail: { max: 256 },
  mailNickname: { max: 64 },
  proxyAddresses: { max: 256 },
  /** Users only; IdFix checks 256 for other objects, the table says nothing of them. */
  sAMAccountName: { max: 20 },
  targetAddress: { max: 256, idfix: 255 },
  userPrincipalName: { max: 113 },
} as const satisfies Record<string, AttributeLimit>;

/** userPrincipalName: characters before and after the @. */
export const UPN_LOCAL_MAX = 64;
export const UPN_DOMAIN_MAX = 48;

/** Objects one Entra ID tenant takes before its quota must be raised (50,000 until a domain is verified). */
export const ENTRA_OBJECT_QUOTA = 50_000;
export const ENTRA_OBJECT_QUOTA_ADVICE =
  'Above 50,000 objects: verify at least one domain in the tenant (the quota then rises to 300,000) or ask Microsoft support to raise it, and scope synchronization to the OUs that need to be in the cloud.';
