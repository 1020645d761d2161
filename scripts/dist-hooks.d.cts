export declare function keepNodeBuild(root?: string): boolean;
export declare function restoreNodeBuild(root?: string): boolean;
export declare function beforeBuild(): Promise<boolean>;
export declare function afterAllArtifactBuild(): Promise<string[]>;
