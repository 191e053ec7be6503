/** Where the generated widget API types live. */
export const API_TYPES_FILE: string;
/** The text of widget/api/openapi.d.ts for an OpenAPI document. */
export function apiTypes(document: object): Promise<string>;
