// The sync server's OU filtering turned into a scan scope, and where the names it is read by come
// from. A scan "as the sync server filters" reads exactly the containers the AD connector's
// partition for this domain includes, minus the ones it excludes, the nearest listed container
// deciding (the same rule as shared/ldap/container-scope.ts, and as Connect's own object
// provisioning diagnostics apply it). Anything that cannot be turned into a scope says why and
// what to do instead; nothing is guessed.
import type { ConnectorOuFiltering, OuFilteringPartition } from './host';
import { parseDn } from '../ldap/dn';
import { containerScope } from '../ldap/container-scope';

/** What is known about each name the host reads, with its source and how sure it is (checked 2026-11-22). */
export const OU_FILTERING_FACTS = [
  {
    fact: 'Get-ADSyncConnector returns each connector with Partitions; a partition has DN, Name, Selected and ConnectorPartitionScope with ContainerInclusionList and ContainerExclusionList (lists of DNs).',
    tools: ['aadsync', 'entra-connect'],
    sources: [
      "Microsoft's object-provisioning diagnostics script shipped with Connect (Invoke-ADSyncSingleObjectSync's helpers: $Partition.DN, $Partition.Name, $Partition.ConnectorPartitionScope.ContainerInclusionList/ContainerExclusionList, typed Microsoft.IdentityManagement.PowerShell.ObjectModel.ConnectorPartition)",
      'public admin scripts reading $connector.Partitions.ConnectorPartitionScope.ContainerInclusionList / ContainerExclusionList and $Partition.Selected',
      'Get-ADSyncConnectorPartition -Connector -Identifier (public admin scripts) returns the same ConnectorPartitionScope',
    ],
    certainty:
      'moderate: not in Microsoft reference documentation; the same names in Microsoft-written code and several independent scripts. The host reads each by name and reports a missing one instead of guessing.',
  },
  {
    fact: 'The nearest listed container above an object decides whether it is synced (an inclusion inside an exclusion is synced again).',
    tools: ['aadsync', 'entra-connect'],
    sources: ["Microsoft's object-provisioning diagnostics script (its OU scoping step compares the most specific inclusion with the most specific exclusion)"],
    certainty: 'moderate, as above',
  },
  {
    fact: 'AADSync 1.0 ships the same ADSync module (Get-ADSyncConnector); its partitions are read the same way.',
    tools: ['aadsync'],
    sources: ['the ADSync module under the AD Sync install folder on AADSync and Connect (its path read from HKLM\\SOFTWARE\\Microsoft\\AD Sync)'],
    certainty: 'low to moderate: the module is the same family; no AADSync output was seen. A differently shaped object is reported as unexpected-shape.',
  },
  {
    fact: "DirSync's OU filtering is set in the Synchronization Service Manager (miisclient: the AD management agent, Configure Directory Partitions, Containers) and kept in its engine's management agent configuration; DirSync has no cmdlet that reads it.",
    tools: ['dirsync'],
    sources: [
      'DirSync filtering walk-throughs (itprotoday "Control DirSync Object Synchronization"; letsexchange.blogspot.com 2012 "DirSync Filtering"); the MIIS management agent XML format (ma-partition-data: partition, selected, filter, containers, inclusions, exclusions) seen in public MIIS tool source',
    ],
    certainty:
      'high that it is set there; the database table and column holding it are not publicly documented, so the host does not read them: not readable on this tool.',
  },
] as const;

export type ServerScope =
  | {
      ok: true;
      baseDns: string[];
      excludeDns: string[];
      connector: string;
      partition: string;
      /** One sentence for the summary: which OUs were read, from which connector. */
      description: string;
    }
  | { ok: false; reason: string; advice: string };

const ADVICE_CHOOSE = 'Choose the OUs yourself (the whole domain, or OUs you pick) to match what the sync server synchronizes.';

function sameDn(a: string, b: string): boolean {
  try {
    const ka = parseDn(a)
      .map((r) => `${r.type.toLowerCase()}=${r.value.toLowerCase()}`)
      .join(',');
    const kb = parseDn(b)
      .map((r) => `${r.type.toLowerCase()}=${r.value.toLowerCase()}`)
      .join(',');
    return ka === kb;
  } catch {
    return false;
  }
}

/** The one partition of `filtering` that is this domain (case-insensitive DN match). */
function partitionFor(filtering: ConnectorOuFiltering, domainDn: string): OuFilteringPartition[] {
  return filtering.partitions.filter((p) => sameDn(p.dn, domainDn));
}

/**
 * The scan scope the sync server's OU filtering gives for the domain `domainDn`: its selected
 * partition's inclusions and exclusions, as validated base and excluded DNs. Unreadable
 * filtering, a domain the server does not sync, an empty inclusion list or lists that contradict
 * themselves come back as a reason with what to do instead.
 */
export function scopeFromOuFiltering(filtering: ConnectorOuFiltering, domainDn: string): ServerScope {
  if (filtering.problem) {
    return { ok: false, reason: filtering.problem.message, advice: ADVICE_CHOOSE };
  }
  const matches = partitionFor(filtering, domainDn);
  if (matches.length === 0) {
    const read = filtering.partitions.map((p) => p.dn).join('; ');
    return {
      ok: false,
      reason: `The sync server's AD connectors have no partition for ${domainDn} (they have: ${read}).`,
      advice: `Check that the app is connected to the domain the sync server synchronizes. ${ADVICE_CHOOSE}`,
    };
  }
  const selected = matches.filter((p) => p.selected !== false);
  if (selected.length === 0) {
    return {
      ok: false,
      reason: `The sync server does not synchronize ${domainDn}: its partition is not selected on the connector ${matches[0]!.connector}.`,
      advice: `Nothing of this domain reaches Entra ID. ${ADVICE_CHOOSE}`,
    };
  }
  if (selected.length > 1) {
    return {
      ok: false,
      reason: `More than one AD connector synchronizes ${domainDn} (${selected.map((p) => p.connector).join(', ')}), so their filtering cannot be one scope.`,
      advice: ADVICE_CHOOSE,
    };
  }
  const p = selected[0]!;
  if (p.inclusions.length === 0) {
    return { ok: false, reason: `The connector ${p.connector} includes no container of ${domainDn}, so nothing of it is synchronized.`, advice: ADVICE_CHOOSE };
  }
  const outside = [...p.inclusions, ...p.exclusions].find((dn) => !isWithinDomain(dn, domainDn));
  if (outside) {
    return { ok: false, reason: `The connector ${p.connector} lists ${outside}, which is not inside ${domainDn}.`, advice: ADVICE_CHOOSE };
  }
  // Connect lists the default exclusions (LostAndFound, System, …) even under an inclusion that
  // does not hold them; an exclusion outside every inclusion changes nothing and is dropped.
  const exclusions = p.exclusions.filter((e) => p.inclusions.some((i) => isWithinDomain(e, i)));
  try {
    containerScope(p.inclusions, exclusions);
  } catch (err) {
    return { ok: false, reason: `The connector ${p.connector}'s OU filtering cannot be used as it is: ${(err as Error).message}.`, advice: ADVICE_CHOOSE };
  }
  const description = `the OU filtering of the AD connector ${p.connector}, partition ${p.dn}: ${p.inclusions.length} included (${p.inclusions.join('; ')})${exclusions.length ? `, ${exclusions.length} excluded (${exclusions.join('; ')})` : ', none excluded'}`;
  return { ok: true, baseDns: [...p.inclusions], excludeDns: exclusions, connector: p.connector, partition: p.dn, description };
}

/** Is `dn` `outer` or inside it (DN syntax, case-insensitive)? */
function isWithinDomain(dn: string, outer: string): boolean {
  try {
    const inner = parseDn(dn).map((r) => `${r.type.toLowerCase()}=${r.value.toLowerCase()}`);
    const o = parseDn(outer).map((r) => `${r.type.toLowerCase()}=${r.value.toLowerCase()}`);
    if (o.length > inner.length) return false;
    const offset = inner.length - o.length;
    return o.every((k, i) => inner[offset + i] === k);
  } catch {
    return false;
  }
}
