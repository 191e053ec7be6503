/** Builds custom-elements.json from the widget's JSDoc; writes dist/widget/custom-elements.json unless told not to. */
export const MANIFEST_FILE: string;
export function buildManifest(options?: {
  write?: boolean;
}): Promise<{ manifest: unknown; elements: string[] }>;
