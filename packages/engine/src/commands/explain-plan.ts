import type { Document } from 'bson';
import { failedToParse } from '../errors.js';
import type { AccessPath, QueryTrace } from '../query/trace.js';
import { MONGODB_VERSION } from './handshake.js';
import type { CommandContext } from './context.js';

/**
 * Explain output in MongoDB's vocabulary (explainVersion 1: queryPlanner, executionStats, stages) for
 * what the engine really did, read from a QueryTrace of the query it ran. Where the engine's plan has
 * no MongoDB counterpart, fields are left out rather than made up: no parsedQuery (the engine does not
 * rewrite filters into MongoDB's canonical form; stage filters show the filter as the client sent it),
 * no indexBounds, no plan cache keys, no per-stage timings or `works` inside a query plan.
 */
export type Verbosity = 'queryPlanner' | 'executionStats' | 'allPlansExecution';

const VERBOSITIES: readonly Verbosity[] = ['queryPlanner', 'executionStats', 'allPlansExecution'];

/** The explain command's verbosity; MongoDB's default is allPlansExecution. */
export function verbosityOf(value: unknown): Verbosity {
  if (value === undefined || value === null) return 'allPlansExecution';
  if (!VERBOSITIES.includes(value as Verbosity)) {
    throw failedToParse(
      "verbosity string must be one of {'queryPlanner', 'executionStats', 'allPlansExecution'}",
    );
  }
  return value as Verbosity;
}

/** What an aggregate did: its query (the leading $match, $sort and $limit) and each later stage. */
export interface PipelineTrace {
  namespace: string;
  collectionExists: boolean;
  query: QueryTrace;
  /** A first stage that produces documents itself ($collStats, $currentOp) instead of a query. */
  source?: { stage: Document; nReturned: number };
  stages: Array<{ stage: Document; nReturned: number; elapsedMs: number }>;
  nReturned?: number;
  elapsedMs?: number;
}

/** One query's queryPlanner and (by verbosity) executionStats sections. */
export function queryExplanation(
  namespace: string,
  collectionExists: boolean,
  trace: QueryTrace,
  verbosity: Verbosity,
  shape: (tree: PlanTree) => PlanTree = findShape(trace),
): Document {
  const access = accessTree(trace, collectionExists);
  const winning = shape(access);
  const explanation: Document = {
    queryPlanner: {
      namespace,
      indexFilterSet: false,
      winningPlan: winning.plan,
      rejectedPlans: collectionExists
        ? trace.rejected.map((path) => shape(rejectedTree(trace, path)).plan)
        : [],
    },
  };
  if (verbosity !== 'queryPlanner') {
    const executionStats: Document = {
      executionSuccess: true,
      nReturned: winning.stats.nReturned,
      executionTimeMillis: Math.round(trace.elapsedMs),
      totalKeysExamined: trace.keysExamined,
      totalDocsExamined: trace.docsExamined,
      executionStages: winning.stats,
    };
    // The engine costs other plans from index entry counts without running them: none to report.
    if (verbosity === 'allPlansExecution') executionStats.allPlansExecution = [];
    explanation.executionStats = executionStats;
  }
  return explanation;
}

/** The explain reply around an explanation: the command explained and which server explained it. */
export function explainReply(context: CommandContext, command: Document, explanation: Document): Document {
  const [host, port] = context.host.split(':');
  return {
    explainVersion: '1',
    ...explanation,
    command: { ...withoutGenericFields(command), $db: context.db },
    serverInfo: {
      host,
      port: Number(port),
      version: MONGODB_VERSION,
      gitVersion: 'careloop-embedded-engine',
    },
    ok: 1,
  };
}

function withoutGenericFields(command: Document): Document {
  const { $db: _db, lsid: _lsid, $clusterTime: _time, $readPreference: _pref, ...rest } = command;
  return rest;
}

/** An aggregate's explanation: the query alone when it is the whole pipeline, else one entry per stage. */
export function pipelineExplanation(trace: PipelineTrace, verbosity: Verbosity): Document {
  const withStats = verbosity !== 'queryPlanner';
  const later = trace.stages.map(({ stage, nReturned, elapsedMs }) =>
    withStats ? { ...stage, nReturned, executionTimeMillisEstimate: Math.round(elapsedMs) } : stage,
  );
  if (trace.source) {
    const { stage, nReturned } = trace.source;
    return { stages: [withStats ? { ...stage, nReturned } : stage, ...later] };
  }
  const cursor = queryExplanation(trace.namespace, trace.collectionExists, trace.query, verbosity);
  if (later.length === 0) return cursor;
  return { stages: [{ $cursor: cursor }, ...later] };
}

/** A plan stage, and the same stage with what it did (executionStats' executionStages). */
export interface PlanTree {
  plan: Document;
  stats: Document;
}

function stage(plan: Document, stats: Document, input?: PlanTree): PlanTree {
  if (!input) return { plan, stats: { ...plan, ...stats } };
  return {
    plan: { ...plan, inputStage: input.plan },
    stats: { ...plan, ...stats, inputStage: input.stats },
  };
}

function filterField(trace: QueryTrace): Document {
  return trace.filter && Object.keys(trace.filter).length ? { filter: trace.filter } : {};
}

/** How the candidates were read, and (the engine tests every candidate against the whole filter) kept. */
function accessTree(trace: QueryTrace, collectionExists: boolean): PlanTree {
  if (!collectionExists) return stage({ stage: 'EOF' }, { nReturned: 0 });
  return pathTree(trace, trace.access, {
    keysExamined: trace.keysExamined,
    docsExamined: trace.docsExamined,
    matched: trace.matched,
  });
}

/** A plan the planner costed and set aside: its shape only, it never ran. */
function rejectedTree(trace: QueryTrace, path: AccessPath): PlanTree {
  return pathTree(trace, path, undefined);
}

function pathTree(
  trace: QueryTrace,
  path: AccessPath,
  counts: { keysExamined: number; docsExamined: number; matched: number } | undefined,
): PlanTree {
  const ran = counts ?? { keysExamined: 0, docsExamined: 0, matched: 0 };
  switch (path.kind) {
    case 'collectionScan':
      return stage(
        { stage: 'COLLSCAN', ...filterField(trace), direction: 'forward' },
        { nReturned: ran.matched, docsExamined: ran.docsExamined },
      );
    case 'idLookup': {
      // MongoDB's IDHACK: a filter that is exactly {_id: <value>}; `$in` and other fields use the index.
      const onlyId = Object.keys(trace.filter ?? {}).length === 1 && !isOperatorObject(trace.filter?._id);
      if (onlyId) {
        return stage(
          { stage: 'IDHACK' },
          { nReturned: ran.matched, keysExamined: ran.keysExamined, docsExamined: ran.docsExamined },
        );
      }
      const scan = stage(indexScanPlan({ _id: 1 }, '_id_', false, true, false, false, 'forward'), {
        nReturned: ran.docsExamined,
        keysExamined: ran.keysExamined,
      });
      return stage(
        { stage: 'FETCH', ...filterField(trace) },
        { nReturned: ran.matched, docsExamined: ran.docsExamined },
        scan,
      );
    }
    case 'indexScan': {
      const { index } = path;
      const scan = stage(
        indexScanPlan(
          index.spec.key,
          index.name,
          index.isMultiKey,
          Boolean(index.spec.unique),
          Boolean(index.spec.sparse),
          index.spec.partialFilterExpression !== undefined,
          path.direction,
        ),
        { nReturned: ran.keysExamined, keysExamined: ran.keysExamined },
      );
      return stage(
        { stage: 'FETCH', ...filterField(trace) },
        { nReturned: ran.matched, docsExamined: ran.docsExamined },
        scan,
      );
    }
  }
}

function indexScanPlan(
  keyPattern: Record<string, number>,
  indexName: string,
  isMultiKey: boolean,
  isUnique: boolean,
  isSparse: boolean,
  isPartial: boolean,
  direction: 'forward' | 'backward',
): Document {
  return {
    stage: 'IXSCAN',
    keyPattern,
    indexName,
    isMultiKey,
    isUnique,
    isSparse,
    isPartial,
    indexVersion: 2,
    direction,
  };
}

/**
 * The stages a find adds above its access path, in the order the engine applies them: an in-memory
 * sort (unless an index gave the order), skip, limit, projection. Each stage's nReturned follows from
 * the documents the filter kept.
 */
function findShape(trace: QueryTrace): (tree: PlanTree) => PlanTree {
  return (access) => {
    let tree = access;
    let flowing = trace.matched;
    const skip = trace.skip ?? 0;
    const limit = trace.limit ? Math.abs(trace.limit) : undefined;
    const sortPattern = trace.sort && Object.keys(trace.sort).length ? trace.sort : undefined;
    if (sortPattern && !trace.sortedByIndex) {
      const limitAmount = limit !== undefined ? skip + limit : undefined;
      if (limitAmount !== undefined) flowing = Math.min(flowing, limitAmount);
      tree = stage(
        { stage: 'SORT', sortPattern, type: 'simple', ...(limitAmount !== undefined ? { limitAmount } : {}) },
        { nReturned: flowing },
        tree,
      );
    }
    if (skip) {
      flowing = Math.max(0, flowing - skip);
      tree = stage({ stage: 'SKIP', skipAmount: skip }, { nReturned: flowing }, tree);
    }
    if (limit !== undefined && !(sortPattern && !trace.sortedByIndex)) {
      flowing = Math.min(flowing, limit);
      tree = stage({ stage: 'LIMIT', limitAmount: limit }, { nReturned: flowing }, tree);
    }
    if (trace.projection && Object.keys(trace.projection).length) {
      tree = stage(
        { stage: 'PROJECTION_DEFAULT', transformBy: trace.projection },
        { nReturned: flowing },
        tree,
      );
    }
    return tree;
  };
}

function isOperatorObject(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    value.constructor === Object &&
    Object.keys(value).some((key) => key.startsWith('$'))
  );
}
