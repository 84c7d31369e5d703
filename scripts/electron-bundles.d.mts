import type { BuildResult } from 'esbuild';

export declare const ROOT: string;
export declare function flavorDefine(release: boolean): Record<string, string>;
export declare function bundleMain(outfile: string, options?: { release?: boolean; entry?: string; metafile?: boolean }): Promise<BuildResult>;
export declare function bundleCli(outfile: string, options?: { release?: boolean; metafile?: boolean }): Promise<BuildResult>;
export declare function bundlePreload(outfile: string, options?: { metafile?: boolean }): Promise<BuildResult>;
export declare function requiredModules(code: string): string[];
