export declare function measureBundle(
  code: string,
  options: { resolveDir: string; conditions?: string[] },
): Promise<{ min: number; gzip: number; text: string }>;
