import type { Organisation } from '../models/organisation.js';

/** A service as lists and pages show it: the stored record and whether it is closed to new stories. */
export interface ServiceView {
  organisation: Organisation;
  /** The service or one of its ancestors is retired. */
  retired: boolean;
}

export interface ServiceDetail extends ServiceView {
  /** Root first. */
  ancestors: Organisation[];
  /** By name, retired ones included. */
  children: ServiceView[];
}

/** A service as anyone sees it: lean, and never the widget settings only admins manage. */
export interface PublicService {
  id: string;
  name: string;
  kind: string;
  parent: string | null;
  constituency?: string;
  /** Closed to new stories: the service or one of its ancestors is retired. */
  retired: boolean;
  storyPageUrl?: string;
}

/** What admins see: the public fields, the allowed origins, the ancestor ids and the timestamps. */
export interface AdminService extends PublicService {
  ancestors: string[];
  allowedOrigins: string[];
  /** The board's provider preview: threshold and window (services/story-preview.ts), or null. */
  previewCriticality: number | null;
  previewWorkingDays: number | null;
  /** Boards: set only where an admin chose a number (else the default applies). */
  moderatedFirstResponses?: number;
  retiredAt: string | null;
  createdAt?: string;
  updatedAt?: string;
}

export interface ServiceSummary {
  id: string;
  name: string;
  kind: string;
}

export function toPublicService({ organisation, retired }: ServiceView): PublicService {
  return {
    id: organisation._id,
    name: organisation.name,
    kind: organisation.kind,
    parent: organisation.parent ?? null,
    ...(organisation.constituency ? { constituency: organisation.constituency } : {}),
    retired,
    ...(organisation.storyPageUrl ? { storyPageUrl: organisation.storyPageUrl } : {}),
  };
}

export function toAdminService(service: ServiceView): AdminService {
  const { organisation } = service;
  return {
    ...toPublicService(service),
    ancestors: [...organisation.ancestors],
    allowedOrigins: [...organisation.allowedOrigins],
    previewCriticality: organisation.previewCriticality ?? null,
    previewWorkingDays: organisation.previewWorkingDays ?? null,
    ...(typeof organisation.moderatedFirstResponses === 'number'
      ? { moderatedFirstResponses: organisation.moderatedFirstResponses }
      : {}),
    retiredAt: organisation.retiredAt?.toISOString() ?? null,
    ...(organisation.createdAt ? { createdAt: organisation.createdAt.toISOString() } : {}),
    ...(organisation.updatedAt ? { updatedAt: organisation.updatedAt.toISOString() } : {}),
  };
}

/** `{id, name, kind}`: how a story, an ancestor trail or an account names a service. */
export function toServiceSummary(organisation: Organisation): ServiceSummary {
  return { id: organisation._id, name: organisation.name, kind: organisation.kind };
}

export function toServiceDetail(detail: ServiceDetail, asAdmin: boolean) {
  return {
    ...(asAdmin ? toAdminService(detail) : toPublicService(detail)),
    ancestors: detail.ancestors.map(toServiceSummary),
    children: detail.children.map(({ organisation, retired }) => ({
      ...toServiceSummary(organisation),
      retired,
    })),
  };
}
