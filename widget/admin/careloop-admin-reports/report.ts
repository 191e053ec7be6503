/** The shapes of a service's report, as `GET /reports/services/:id` and its CSV give them to the view. */

export interface Figures {
  stories: number;
  responded: number;
  responseRate: number | null;
  medianHoursToFirstResponse: number | null;
  p90HoursToFirstResponse: number | null;
}
export interface Week extends Figures {
  week: string;
}
export interface Tag {
  tag: string;
  stories: number;
  previousStories: number;
  change: number;
}
export type TagKind = 'good' | 'improve' | 'feelings';
export interface Child extends Figures {
  rank: number;
  id: string;
  name: string;
}
/** The part of `GET /reports/services/:id` this view draws. */
export interface Report {
  service: { id: string; name: string };
  period: { from: string; to: string; days: number; previousFrom: string };
  totals: Figures;
  trend: Week[];
  tags: Record<TagKind, Tag[]>;
  criticality?: Array<{ level: number | null; stories: number }>;
  children: Child[];
}

/** One story of the swarm, from the report's CSV. */
export interface Dot {
  id: string;
  at: number;
  title: string;
  lane: number;
}

export type ColourBy = 'criticality' | 'progress' | 'response';
