import { responsesCarryStoryServices } from './0001-responses-carry-story-services.js';
import { storiesEmailKey } from './0002-stories-email-key.js';
import type { Migration } from './migration.js';

/** Every schema migration, in version order. Add new ones at the end; never edit one that has shipped. */
export const migrations: readonly Migration[] = [responsesCarryStoryServices, storiesEmailKey];

/** The schema version this careloop writes: its newest migration's. */
export const currentSchemaVersion = migrations.at(-1)?.version ?? 0;
