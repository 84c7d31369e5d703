export interface PackageLicence {
  name: string;
  version: string;
  licence: string | null;
  texts: string[];
  problems: string[];
}
export declare function bundledPackageDirs(root: string, metafiles: { inputs: Record<string, unknown> }[]): string[];
export declare function readPackageLicence(dir: string): PackageLicence;
export declare function thirdPartyNotices(
  root: string,
  metafiles: { inputs: Record<string, unknown> }[],
): { text: string; packages: PackageLicence[]; problems: string[] };
