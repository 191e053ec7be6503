import { badValue, CommandError, notSupported, typeMismatch } from '../errors.js';
import { MONGODB_VERSION } from './handshake.js';
import { GENERIC_FIELDS, type CommandDefinition } from './context.js';

/** The feature compatibility version of the MongoDB the engine advertises (7.0.0 → "7.0"). */
const FEATURE_COMPATIBILITY_VERSION = MONGODB_VERSION.split('.').slice(0, 2).join('.');

/** The server parameters the engine has, of mongod's many: others are refused, never made up. */
const KNOWN_PARAMETERS = new Set(['featureCompatibilityVersion', 'ttlMonitorSleepSecs']);

/** The parameters a getParameter or setParameter command names (its fields after the first). */
function namedParameters(command: Record<string, unknown>): string[] {
  return Object.keys(command)
    .slice(1)
    .filter((field) => !GENERIC_FIELDS.has(field));
}

function assertAdmin(name: string, db: string): void {
  if (db !== 'admin')
    throw new CommandError(13, 'Unauthorized', `${name} may only be run against the admin database.`);
}

/**
 * getParameter, for the server parameters the engine has: featureCompatibilityVersion (mongosh and
 * Compass read it on connect) and ttlMonitorSleepSecs. Asking for any other, or for all of them, is
 * refused rather than answered with made-up values.
 */
export const getParameterCommand: CommandDefinition = {
  name: 'getParameter',
  fields: [],
  acceptsUnknownFields: true,
  run: (command, context) => {
    const requested = namedParameters(command);
    if (command.getParameter !== 1 && command.getParameter !== true)
      throw notSupported(`getParameter ${JSON.stringify(command.getParameter)}`);
    const unknown = requested.find((name) => !KNOWN_PARAMETERS.has(name));
    if (unknown !== undefined || requested.length === 0)
      throw notSupported(`getParameter for '${unknown ?? 'no parameter'}'`);
    const values: Record<string, unknown> = {
      featureCompatibilityVersion: { version: FEATURE_COMPATIBILITY_VERSION },
      ttlMonitorSleepSecs: context.ttlMonitorSleepSecs,
    };
    return { ...Object.fromEntries(requested.map((name) => [name, values[name]])), ok: 1 };
  },
};

/**
 * setParameter, for the one tunable parameter the engine has: `ttlMonitorSleepSecs`, the pause between
 * TTL sweeps (60 s, as mongod's), which tests of TTL indexes shorten on MongoDB and the engine alike.
 * Answers the previous value as `was`, as mongod does.
 */
export const setParameterCommand: CommandDefinition = {
  name: 'setParameter',
  fields: [],
  acceptsUnknownFields: true,
  run: (command, context) => {
    assertAdmin('setParameter', context.db);
    const named = namedParameters(command);
    const unknown = named.find((name) => name !== 'ttlMonitorSleepSecs');
    if (unknown !== undefined || named.length !== 1)
      throw notSupported(`setParameter for '${unknown ?? named.join("', '")}'`);
    const seconds = command.ttlMonitorSleepSecs;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds))
      throw typeMismatch('ttlMonitorSleepSecs must be an integer');
    if (seconds < 1) throw badValue('ttlMonitorSleepSecs must be at least 1');
    return { was: context.setTtlMonitorSleepSecs(seconds), ok: 1 };
  },
};
