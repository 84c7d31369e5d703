// Types for ensure-renderer-build.mjs (imported by the TypeScript Playwright global setup).
export declare const REPO_ROOT: string;
export declare const RENDERER_DIST: string;
export declare function rendererBuildReason(): string | null;
export declare function buildRenderer(options?: { quiet?: boolean }): Promise<void>;
export declare function ensureRendererBuilt(options?: { force?: boolean; quiet?: boolean }): Promise<{ built: boolean; reason: string }>;
