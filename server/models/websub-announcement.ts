import { Schema, type Connection } from 'mongoose';

/**
 * The last version of each feed announced to the WebSub hub, shared by every instance: whichever
 * instance first records a new version (`etag`) pings the hub, and the others see it is done. `_id`
 * names the feed (`<scope>/<key>/<activity>`).
 */
const websubAnnouncementSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The ETag of the feed's first page as announced; null when it was announced gone. */
    etag: { type: String, default: null },
    announcedAt: { type: Date, required: true },
  },
  { collection: 'websub_announcements', versionKey: false },
);

export function websubAnnouncementModel(connection: Connection) {
  // A second app on the same connection (tests) registers the model afresh rather than failing.
  if (connection.models.WebSubAnnouncement) connection.deleteModel('WebSubAnnouncement');
  return connection.model('WebSubAnnouncement', websubAnnouncementSchema);
}
