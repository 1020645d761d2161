export declare function findElectron(root: string): { ok: true; path: string } | { ok: false; reason: string };
