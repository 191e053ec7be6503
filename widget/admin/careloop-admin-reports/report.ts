/** The shapes of a service's report, as `GET /reports/services/:id` and its CSV give them to the view. */
import type { ApiAnswer } from '../../api/answers.js';

/** `GET /reports/services/:id`: the figures this view draws. */
export type Report = ApiAnswer<'/reports/services/{id}'>;
export type TagKind = keyof Report['tags'];

/** One story of the swarm, from the report's CSV. */
export interface Dot {
  id: string;
  at: number;
  title: string;
  lane: number;
}

export type ColourBy = 'criticality' | 'progress' | 'response';
