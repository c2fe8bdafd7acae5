// The build's version, stamped by vite.config.ts: package.json's version plus the short git commit.

declare const __APP_VERSION__: string;

/** For example "0.1.0+27d91ae"; shown in About and compared by the update test. */
export const APP_VERSION: string = __APP_VERSION__;
