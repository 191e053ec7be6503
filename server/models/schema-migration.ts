import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * A schema migration that has run on this deployment's data: the stored shapes are at the highest
 * version recorded here. `_id` is the migration's version, so one can never be recorded twice.
 */
export const schemaMigrationsCollection = 'schema_migrations';

const schemaMigrationSchema = new Schema(
  {
    _id: { type: Number, required: true },
    name: { type: String, required: true },
    appliedAt: { type: Date, required: true },
    durationMs: { type: Number, required: true },
    /** Which instance ran it (host and process), for the operator reading the record. */
    appliedBy: { type: String, required: true },
  },
  { collection: schemaMigrationsCollection, versionKey: false },
);

export type StoredSchemaMigration = InferSchemaType<typeof schemaMigrationSchema>;

export function schemaMigrationModel(connection: Connection) {
  if (connection.models.SchemaMigration) connection.deleteModel('SchemaMigration');
  return connection.model('SchemaMigration', schemaMigrationSchema);
}

export type SchemaMigrationModel = ReturnType<typeof schemaMigrationModel>;
