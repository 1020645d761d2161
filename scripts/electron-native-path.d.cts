export declare function electronNativeDir(root: string, electronVersion: string, platform: string, arch: string): string;
export declare function electronNativeBinding(root: string, electronVersion: string, platform: string, arch: string): string;
