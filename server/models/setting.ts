import { Schema, type Connection } from 'mongoose';

/**
 * Small values the whole deployment shares and every instance must agree on, such as the salt that
 * client addresses are hashed with. `_id` names the setting.
 */
const settingSchema = new Schema(
  {
    _id: { type: String, required: true },
    value: { type: Schema.Types.Mixed, required: true },
  },
  { timestamps: true, collection: 'settings', versionKey: false },
);

export function settingModel(connection: Connection) {
  // A second app on the same connection (tests) registers the model afresh rather than failing.
  if (connection.models.Setting) connection.deleteModel('Setting');
  return connection.model('Setting', settingSchema);
}

export type SettingModel = ReturnType<typeof settingModel>;
