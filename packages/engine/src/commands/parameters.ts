import { notSupported } from '../errors.js';
import { MONGODB_VERSION } from './handshake.js';
import { GENERIC_FIELDS, type CommandDefinition } from './context.js';

/** The feature compatibility version of the MongoDB the engine advertises (7.0.0 → "7.0"). */
const FEATURE_COMPATIBILITY_VERSION = MONGODB_VERSION.split('.').slice(0, 2).join('.');

/**
 * getParameter, for the one server parameter clients ask about on connect (mongosh and Compass read
 * featureCompatibilityVersion). The engine has none of mongod's tunable parameters, so asking for any
 * other, or for all of them, is refused rather than answered with made-up values.
 */
export const getParameterCommand: CommandDefinition = {
  name: 'getParameter',
  fields: [],
  acceptsUnknownFields: true,
  run: (command) => {
    const requested = Object.keys(command)
      .slice(1)
      .filter((field) => !GENERIC_FIELDS.has(field));
    if (command.getParameter !== 1 && command.getParameter !== true)
      throw notSupported(`getParameter ${JSON.stringify(command.getParameter)}`);
    const unknown = requested.find((name) => name !== 'featureCompatibilityVersion');
    if (unknown !== undefined || requested.length === 0)
      throw notSupported(`getParameter for '${unknown ?? 'no parameter'}'`);
    return { featureCompatibilityVersion: { version: FEATURE_COMPATIBILITY_VERSION }, ok: 1 };
  },
};
