import type { Document } from 'bson';
import { badValue, commandNotFound, notSupported, unknownField } from '../errors.js';
import { QueryTrace } from '../query/trace.js';
import { aggregateCommand, aggregateWithTrace } from './aggregate.js';
import { countCommand, countOf, distinctCommand, distinctValues } from './count-distinct.js';
import { GENERIC_FIELDS, targetCollection, type CommandContext, type CommandDefinition } from './context.js';
import {
  explainReply,
  pipelineExplanation,
  queryExplanation,
  verbosityOf,
  type PlanTree,
} from './explain-plan.js';
import { findCommands, findResults } from './find.js';

const EXPLAINABLE = new Map(
  [findCommands[0]!, countCommand, distinctCommand, aggregateCommand].map((definition) => [
    definition.name.toLowerCase(),
    definition,
  ]),
);

/** The explained command's fields are checked as they would be if it ran on its own. */
function assertKnownFields(command: Document): void {
  const definition = EXPLAINABLE.get(Object.keys(command)[0]!.toLowerCase());
  if (!definition) return;
  for (const field of Object.keys(command).slice(1)) {
    if (!definition.fields.includes(field) && !GENERIC_FIELDS.has(field))
      throw unknownField(definition.name, field);
  }
}

/**
 * `{explain: <command>, verbosity}`: runs the command's query as the command itself would, recording
 * the plan the engine's planner chose and what it examined, and answers with that instead of results.
 * Explaining runs the query at every verbosity (reads only: the explainable commands do not write).
 */
export const explainCommand: CommandDefinition = {
  name: 'explain',
  fields: ['verbosity'],
  run: (command, context) => {
    const explained = command.explain as unknown;
    if (typeof explained !== 'object' || explained === null || Array.isArray(explained))
      throw badValue("BSON field 'explain.explain' must be an object");
    const verbosity = verbosityOf(command.verbosity);
    const inner = { ...(explained as Document), $db: context.db } as Document;
    const name = Object.keys(inner)[0] ?? '';
    assertKnownFields(inner);
    switch (name.toLowerCase()) {
      case 'find':
        return explainReply(
          context,
          inner,
          explainQuery(inner, context, verbosity, (trace) => findResults(inner, context, trace)),
        );
      case 'count':
        return explainReply(context, inner, explainCount(inner, context, verbosity));
      case 'distinct':
        return explainReply(
          context,
          inner,
          explainQuery(inner, context, verbosity, (trace) => distinctValues(inner, context, trace)),
        );
      case 'aggregate':
        if (inner.explain !== undefined) throw badValue('aggregate with explain cannot be explained again');
        return explainReply(
          context,
          inner,
          pipelineExplanation(aggregateWithTrace(inner, context), verbosity),
        );
      case 'update':
      case 'delete':
      case 'findandmodify':
        // MongoDB explains writes without performing them; the engine has no such dry run of a write.
        throw notSupported(`explain of ${name}`);
      default:
        throw commandNotFound(name);
    }
  },
};

function explainQuery(
  command: Document,
  context: CommandContext,
  verbosity: ReturnType<typeof verbosityOf>,
  run: (trace: QueryTrace) => unknown,
): Document {
  const coll = targetCollection(command, Object.keys(command)[0]!);
  const trace = new QueryTrace();
  run(trace);
  const exists = context.store.collection(context.db, coll) !== undefined;
  return queryExplanation(`${context.db}.${coll}`, exists, trace, verbosity);
}

/** count: MongoDB's COUNT stage over the query, or the collection's own count when there is no query. */
function explainCount(
  command: Document,
  context: CommandContext,
  verbosity: ReturnType<typeof verbosityOf>,
): Document {
  const coll = targetCollection(command, 'count');
  const trace = new QueryTrace();
  const started = performance.now();
  countOf(command, context, trace);
  trace.elapsedMs = performance.now() - started;
  const exists = context.store.collection(context.db, coll) !== undefined;
  const query = command.query as Document | undefined;
  const skip = typeof command.skip === 'number' && command.skip > 0 ? { skipAmount: command.skip } : {};
  const limit =
    typeof command.limit === 'number' && command.limit !== 0 ? { limitAmount: Math.abs(command.limit) } : {};
  const shape = (tree: PlanTree): PlanTree => {
    if (!exists) return tree;
    if (!query || Object.keys(query).length === 0) {
      const plan = { stage: 'RECORD_STORE_FAST_COUNT', ...skip, ...limit };
      return { plan, stats: { ...plan, nReturned: 0 } };
    }
    const plan = { stage: 'COUNT', ...skip, ...limit };
    return {
      plan: { ...plan, inputStage: tree.plan },
      stats: { ...plan, nReturned: 0, inputStage: tree.stats },
    };
  };
  return queryExplanation(`${context.db}.${coll}`, exists, trace, verbosity, shape);
}
