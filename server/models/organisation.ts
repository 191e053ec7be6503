import { Schema, type Connection, type InferSchemaType } from 'mongoose';

export const organisationKinds = [
  'board',
  'hospital',
  'department',
  'ward',
  'team',
  'gp-practice',
  'ambulance-service',
  'social-care',
  'national-board',
  /** A service of a board that is not a site: adult social care, patient transport. */
  'service',
  'other',
] as const;

/**
 * A service: a node of the single-parent tree board → hospital → department/ward/team. `_id` is the
 * stable slug (`nhs-highland`), so stories and URLs can name services without a lookup.
 */
const organisationSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true, enum: organisationKinds },
    parent: { type: String, default: null },
    /** Every ancestor, root first: a subtree is `{ $or: [{ _id: id }, { ancestors: id }] }`. */
    ancestors: { type: [String], default: [] },
    /** UK Parliament (Westminster) constituency where the site lies, where known. */
    constituency: { type: String },
    /** Boards: website origins allowed to embed the widget (the CORS allowlist). */
    allowedOrigins: { type: [String], default: [] },
    /** Boards: where stories are shown on their site, e.g. `https://board.example/stories#careloop-story={id}`. */
    storyPageUrl: { type: String },
    /**
     * Boards: a story rated at or above this criticality (1–5) is shown to the responders of its services
     * for `previewWorkingDays` before it is published (services/story-preview.ts). Null: no preview.
     */
    previewCriticality: { type: Number, min: 1, max: 5, default: null },
    /** Boards: the preview window, in working days (Scottish bank holidays excluded). */
    previewWorkingDays: { type: Number, min: 1, max: 10, default: null },
    /**
     * Boards: how many of a new responder's first responses a moderator reads before they are public
     * (0: none). Absent: the default, `defaultModeratedFirstResponses`.
     */
    moderatedFirstResponses: { type: Number },
    /** Lower-case words of the name, for the `q` name search (a multikey index, no scan). */
    nameTerms: { type: [String], default: [] },
    /** Retired services stay for history but are closed to new stories. */
    retiredAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'organisations', versionKey: false },
);
// GET /services?parent=… (children of a node) and the tree walk on import.
organisationSchema.index({ parent: 1 });
// Subtree queries: every service below a board or hospital.
organisationSchema.index({ ancestors: 1 });
// GET /services?kind=…
organisationSchema.index({ kind: 1 });
// GET /services?q=… (each word of the query must be a word of the name).
organisationSchema.index({ nameTerms: 1 });
// Constituency feeds and stakeholder scopes: services in a constituency.
organisationSchema.index({ constituency: 1 });
// The widget's CORS check and a story's source: which service allows this website origin.
organisationSchema.index({ allowedOrigins: 1 });
// The feeds' change stamp (the newest updatedAt) and WebSub's "changed since" look.
organisationSchema.index({ updatedAt: -1 });

export type Organisation = InferSchemaType<typeof organisationSchema> & { _id: string };

export function organisationModel(connection: Connection) {
  // A second app on the same connection (tests) registers the model afresh rather than failing.
  if (connection.models.Organisation) connection.deleteModel('Organisation');
  return connection.model('Organisation', organisationSchema);
}
