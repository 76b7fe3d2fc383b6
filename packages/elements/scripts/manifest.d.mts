/** custom-elements.json as generated from the element sources' JSDoc (see manifest.mjs). */
export declare function generateManifest(): string;
