import type { Plugin } from 'rollup';

export interface SizeRow {
  file: string;
  raw?: number;
  min: number;
  gzip: number;
  publicBundle: boolean;
}

export const PUBLIC_BUNDLE_BUDGET_BYTES: number;
export const ADMIN_CHUNK_BUDGET_BYTES: number;
export const ADMIN_CHUNK_PATTERN: RegExp;
export const WIDGET_DIST: string;
export const ENTRY_FILE: string;
export function gzipBytes(code: string | Uint8Array): number;
export function formatReport(
  rows: SizeRow[],
  budget?: number,
  adminBudget?: number,
): { text: string; publicGzip: number; over: boolean };
export function sizeReport(budget?: number, adminBudget?: number): Plugin;
export function measureDist(dir?: string): SizeRow[];
