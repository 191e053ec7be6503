import { Schema, type Connection } from 'mongoose';

/**
 * A report's figures for one service and one UTC day, recomputed from that day's stories (never
 * incremented): every published story of the day whose services are the service or below it
 * (services/reports/rollups.ts). The service `*` is the whole day; its document says the day has been
 * computed. Derived data: deleting them all only makes the next reports recompute them.
 */
const reportRollupSchema = new Schema(
  {
    /** `${service}|${day}`. */
    _id: { type: String, required: true },
    service: { type: String, required: true },
    /** `YYYY-MM-DD`, UTC. */
    day: { type: String, required: true },
    /** A hash of the service tree it was counted by: reports read only those of the tree as it is. */
    tree: { type: String, required: true },
    /** When the read behind these figures began: an older computation never overwrites a newer one. */
    computedAt: { type: Date, required: true },
    stories: { type: Number, required: true },
    responded: { type: Number, required: true },
    /** Milliseconds from publication to the first response of each responded story, ascending. */
    delays: { type: [Number], default: [] },
    /** `{ value, stories }` rows, as the report's breakdowns count them. */
    authorRoles: { type: [Schema.Types.Mixed], default: [] },
    sources: { type: [Schema.Types.Mixed], default: [] },
    criticality: { type: [Schema.Types.Mixed], default: [] },
    progress: { type: [Schema.Types.Mixed], default: [] },
    previewed: { type: Number, required: true },
    toldOnBehalf: { type: Number, required: true },
    /** `{ kind, key, name, stories }`: `key` the tag lower-cased, `name` its least spelling that day. */
    tags: { type: [Schema.Types.Mixed], default: [] },
    /** Visible responses to the day's stories, and those saying a change is planned / made. */
    responses: { type: Number, required: true },
    planned: { type: Number, required: true },
    made: { type: Number, required: true },
    /** `{ service, stories, responded, delays }` of each service directly below, that day. */
    children: { type: [Schema.Types.Mixed], default: [] },
    /**
     * `*` only: a hash of the day's changes stamped within `lateWriteMs` before `computedAt` that had
     * been seen before its read began, so a later look finding only those knows they are counted.
     */
    landed: { type: String, default: null },
  },
  { collection: 'reportrollups', versionKey: false, minimize: false },
);
// A report's read: one service's days over its period.
reportRollupSchema.index({ service: 1, day: 1 });
// A recomputed day: every service that had figures that day.
reportRollupSchema.index({ day: 1 });

export function reportRollupModel(connection: Connection) {
  // A second app on the same connection (tests) registers the model afresh rather than failing.
  if (connection.models.ReportRollup) connection.deleteModel('ReportRollup');
  return connection.model('ReportRollup', reportRollupSchema);
}

export type ReportRollupModel = ReturnType<typeof reportRollupModel>;
