/**
 * The import rules `npm run lint` enforces (dependency-cruiser; `import type` counts as an import):
 * no cycles, and the layers of docs/decisions/2026-12-07-layers.md. A rule names the layer it protects.
 */
const service = '^server/';
const engine = '^packages/engine/';
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment:
        'A cycle, even through `import type`, means a type lives above the code that uses it: move it to a leaf module.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'platform-at-the-bottom',
      comment:
        'server/platform holds what the service stands on (its config, logger and store connection): it imports nothing of the service above it.',
      severity: 'error',
      from: { path: '^server/platform/' },
      to: { path: service, pathNot: '^server/platform/' },
    },
    {
      name: 'engine-apart',
      comment:
        'The embedded engine is a package of its own (@careloop/engine): no file of careloop outside packages/engine (npm packages and Node are not files of careloop).',
      severity: 'error',
      from: { path: engine },
      to: { dependencyTypes: ['local'], pathNot: engine },
    },
    {
      name: 'service-uses-engine-package',
      comment:
        'The service (and its bench) import the engine by its package name, @careloop/engine, whose one entry is src/index.ts; never by a path into packages/engine.',
      severity: 'error',
      from: { path: '^(server|bench)/' },
      to: { path: engine, dependencyTypesNot: ['aliased-tsconfig-paths'] },
    },
    {
      name: 'service-tests-use-engine-package',
      comment:
        "The service's tests import the engine by its package name, or the engine package's own test support (its test store, its built CLI).",
      severity: 'error',
      from: { path: '^test/' },
      to: {
        path: engine,
        pathNot: '^packages/engine/test/support/',
        dependencyTypesNot: ['aliased-tsconfig-paths'],
      },
    },
    {
      name: 'widget-apart',
      comment: 'The widget runs in browsers: it imports no server code (it speaks to the API over HTTP).',
      severity: 'error',
      from: { path: '^widget/' },
      to: { path: '^server/' },
    },
    {
      name: 'models-at-the-bottom',
      comment: 'Models (stored shapes and their field rules) know nothing above them.',
      severity: 'error',
      from: { path: '^server/models/' },
      to: {
        path: '^server/(services|routes|middleware|http|feeds|mappers|schemas|auth|app|main)',
      },
    },
    {
      name: 'schemas-and-mappers-below-services',
      comment: 'Request schemas and public mappers are shapes: they call no service.',
      severity: 'error',
      from: { path: '^server/(schemas|mappers)/' },
      to: { path: '^server/(services|routes|middleware|feeds)/' },
    },
    {
      name: 'services-know-no-http',
      comment: 'Services hold the domain rules and never see Koa: routes and middleware translate HTTP.',
      severity: 'error',
      from: { path: '^server/services/' },
      to: { path: '^server/(routes|middleware|app\\.ts|main\\.ts)|^node_modules/(@types/)?(koa|@koa)' },
    },
    {
      name: 'feeds-read-through-services',
      comment:
        'The feeds are a view, like the routes: they read through the services (public-stories.ts), and no service reaches up into them.',
      severity: 'error',
      from: { path: '^server/services/' },
      to: { path: '^server/feeds/' },
    },
    {
      name: 'services-throw-domain-errors',
      comment:
        'Services, reports, the feed builder, the schemas and the CLI refuse with a DomainError (server/domain/errors.ts); only the HTTP layer (middleware, routes, the router) speaks problem+json.',
      severity: 'error',
      from: {
        path: '^server/(services|feeds|schemas|cli|mappers|models)/',
        pathNot: '^server/feeds/(api-)?routes\\.ts$',
      },
      to: { path: '^server/http/problem\\.ts$' },
    },
    {
      name: 'domain-errors-a-leaf',
      comment:
        'The domain error is the bottom of the service: every layer may throw it, so it imports nothing.',
      severity: 'error',
      from: { path: '^server/domain/' },
      to: { path: service, pathNot: '^server/domain/' },
    },
    {
      name: 'routes-above-middleware-and-services',
      comment: 'Nothing below the routes imports them: a route is only mounted by app.ts and routes/api.ts.',
      severity: 'error',
      from: { path: service, pathNot: '^server/(routes/|app\\.ts$)' },
      to: { path: '^server/routes/', pathNot: '^server/routes/api-deps\\.ts$' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
