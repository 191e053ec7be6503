import { Types } from 'mongoose';
import type { Models } from '../../server/models/index.js';
import type { TestApp } from './app.js';

/**
 * A small, hand-made set of stories whose report figures are known, about NHS Ayrshire & Arran
 * (children: University Hospital Ayr, University Hospital Crosshouse, whose Emergency Department is
 * below it). The period is 2026-03-02 (Monday) to 2026-03-15 (Sunday): ISO weeks 2026-W10 and W11.
 *
 * In the period (12 stories, `inPeriod[i]` published `i` days after 2026-03-02 00:00Z, the last one at
 * 23:59:59.999 on 2026-03-15):
 * - 0–7 about the Emergency Department (Crosshouse), 8–10 about Ayr, 11 about the board itself;
 * - 0–9 responded, story i's first response `i + 1` hours after publication, so over the board the
 *   delays are 1…10 h: nearest-rank median 5 h (rank 5), 90th percentile 9 h (rank 9);
 *   Crosshouse 1…8 h (median 4 h, p90 8 h); Ayr 9 h and 10 h (median 9 h, p90 10 h);
 * - one visible response each (plus a hidden one on 0 and a deleted one on 1, never counted):
 *   0 and 1 say change planned, 2 change made: of 10 responses, 20% planned and 10% made;
 * - author roles: 0–5 patient, 6–8 carer, 9–11 relative; source: 0–7 the board's site, the rest none;
 * - criticality: 0–3 rated 3, 4–5 rated 5, the rest unrated;
 * - progress: 0–1 change-planned, 2 change-made, 3–9 responded, 10 read, 11 heard;
 * - tags: good "Kindness" on 0–4 and "kindness" on 5–6 (one tag, 7 stories), "Cleanliness" on 7;
 *   improve "waiting times" on 0–2; feelings "reassured" on 0.
 * Outside it: one on 2026-03-16 00:00Z and one on 2026-03-01 23:59:59.999Z (just after and before),
 * one on 2026-02-20 (both "kindness", in the previous period, so kindness changes by +5), an
 * unpublished one in the period, and one about another board's hospital.
 */
export const reportBoard = 'nhs-ayrshire-arran';
export const reportHospitalAyr = 'university-hospital-ayr';
export const reportHospitalCrosshouse = 'university-hospital-crosshouse';
export const reportDepartment = 'crosshouse-emergency-department';
export const reportPeriod = { from: '2026-03-02', to: '2026-03-15' };
export const boardSource = 'https://www.nhsaaa.net';
/** Private values planted on every story: none may appear in any report. */
export const privateMarkers = {
  email: 'private.author@example.org',
  postcode: 'KA2 0BE',
  authorKeyHash: 'authorkeyhash-0123456789abcdef',
};

const hourMs = 60 * 60 * 1000;
const dayMs = 24 * hourMs;
const periodStart = Date.parse('2026-03-02T00:00:00Z');

export interface ReportDataset {
  /** Ids of the 12 stories in the period, in the order above. */
  inPeriod: string[];
  outside: string[];
}

export async function seedReportDataset(app: TestApp): Promise<ReportDataset> {
  const stories = app.connection.model('Story') as Models['stories'];
  const responses = app.connection.model('Response') as Models['responses'];
  const responder = {
    userId: new Types.ObjectId(),
    name: 'Ward Manager',
    role: 'staff',
    organisation: { id: reportBoard, name: 'NHS Ayrshire & Arran' },
  };
  const documents = Array.from({ length: 12 }, (_, i) => {
    const publishedAt = new Date(i === 11 ? Date.parse('2026-03-15T23:59:59.999Z') : periodStart + i * dayMs);
    const responded = i <= 9;
    const change = i <= 1 ? 'planned' : i === 2 ? 'made' : null;
    return story({
      services: [i <= 7 ? reportDepartment : i <= 10 ? reportHospitalAyr : reportBoard],
      publishedAt,
      authorRole: i <= 5 ? 'patient' : i <= 8 ? 'carer' : 'relative',
      source: i <= 7 ? boardSource : null,
      criticality: i <= 3 ? 3 : i <= 5 ? 5 : null,
      tags: {
        good: i <= 4 ? ['Kindness'] : i <= 6 ? ['kindness'] : i === 7 ? ['Cleanliness'] : [],
        improve: i <= 2 ? ['waiting times'] : [],
        feelings: i === 0 ? ['reassured'] : [],
      },
      responseCount: responded ? 1 : 0,
      responded,
      firstResponseAt: responded ? new Date(publishedAt.getTime() + (i + 1) * hourMs) : null,
      change,
      readCount: i === 10 ? 1 : 0,
      alertedAt: i === 11 ? publishedAt : null,
    });
  });
  const outsideDocuments = [
    story({ services: [reportDepartment], publishedAt: new Date('2026-03-16T00:00:00Z') }),
    story({
      services: [reportDepartment],
      publishedAt: new Date('2026-03-01T23:59:59.999Z'),
      tags: { good: ['kindness'], improve: [], feelings: [] },
    }),
    story({
      services: [reportHospitalAyr],
      publishedAt: new Date('2026-02-20T12:00:00Z'),
      tags: { good: ['KINDNESS'], improve: [], feelings: [] },
    }),
    story({ services: [reportDepartment], status: 'submitted', publishedAt: null }),
    story({ services: ['borders-general-hospital'], publishedAt: new Date('2026-03-05T00:00:00Z') }),
  ];
  const inserted = await stories.insertMany([...documents, ...outsideDocuments]);
  const ids = inserted.map((document) => document._id as Types.ObjectId);
  const responseDocuments = documents.flatMap((document, i) => {
    if (!document.responded) return [];
    const at = document.firstResponseAt as Date;
    const base = { storyId: ids[i], responder, editableUntil: at, createdAt: at, updatedAt: at };
    return [
      { ...base, body: 'Thank you for telling us.', change: document.change },
      ...(i === 0 ? [{ ...base, body: 'Hidden.', change: 'made', hiddenAt: at, hiddenReason: 'test' }] : []),
      ...(i === 1 ? [{ ...base, body: 'Deleted.', change: 'made', deletedAt: at }] : []),
    ];
  });
  await responses.insertMany(responseDocuments);
  return {
    inPeriod: ids.slice(0, 12).map((id) => id.toHexString()),
    outside: ids.slice(12).map((id) => id.toHexString()),
  };
}

function story(fields: Record<string, unknown>) {
  return {
    title: 'A story for the report',
    body: '=HYPERLINK("https://example.org") said the sign, and "quotes", commas, and\nnew lines.',
    nickname: '@nickname',
    authorRole: 'patient',
    status: 'published',
    tags: { good: [], improve: [], feelings: [] },
    ...privateMarkers,
    // As a story told now stores it: its address as compared, for the queue's duplicate warning.
    emailKey: privateMarkers.email,
    ...fields,
  } as Record<string, unknown> & {
    responded?: boolean;
    firstResponseAt?: Date | null;
    change?: string | null;
  };
}
