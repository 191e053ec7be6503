import type { Plugin } from 'rollup';

export interface SizeRow {
  file: string;
  raw?: number;
  min: number;
  gzip: number;
  publicBundle: boolean;
  admin?: boolean;
  adminTab?: boolean;
}

export const PUBLIC_BUNDLE_BUDGET_BYTES: number;
export const ADMIN_CHUNK_BUDGET_BYTES: number;
export const ADMIN_CHUNK_PATTERN: RegExp;
export const ADMIN_TAB_BUDGET_BYTES: number;
export const ADMIN_TAB_PATTERN: RegExp;
export const ADMIN_ENTRY_MODULE: string;
export const WIDGET_DIST: string;
export const ENTRY_FILE: string;
export function isAdminEntry(id: string): boolean;
export function gzipBytes(code: string | Uint8Array): number;
export function formatReport(
  rows: SizeRow[],
  budget?: number,
  adminBudget?: number,
  adminTabBudget?: number,
): { text: string; publicGzip: number; adminGzip: number; over: boolean };
export function sizeReport(budget?: number, adminBudget?: number, adminTabBudget?: number): Plugin;
export function measureDist(dir?: string): SizeRow[];
