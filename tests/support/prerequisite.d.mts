export declare function prerequisite(present: boolean, what: string): boolean;
export declare function built(label: string, files: string[]): boolean;
