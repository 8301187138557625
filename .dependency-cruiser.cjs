// The dependency direction of Keyway (docs/architecture.md): app -> edge -> domain -> store.
// `npm test` runs this first; an arrow pointing back fails the suite.
//   app:    app/, components/, proxy.ts, instrumentation.ts (pages, route files, UI)
//   edge:   lib/api/ (REST and HTTP mapping), lib/mcp/ (the MCP endpoint and its tools)
//   domain: every other lib/ module (tokens, auth, tasks, agents, context, audit, usage, ...)
//   store:  lib/db/ (Prisma clients, migrations, the token store; it may read the configuration
//           and use the leaves after it in LIB_ORDER: logging, metrics, errors, time)
const EDGE = "^lib/(api|mcp)/";
const STORE = "^lib/db/";

// Inside lib/, folders (and single-file modules) in one order, from the edge down to the leaves:
// each may import only those after it, so no arrow runs back up and no folders form a loop.
// Token policy lives with tokens, scopes are a leaf, the outbound policy is passed to lib/net.
const LIB_ORDER = [
  "client", // the pages' calls of the API, typed by its operations (lib/api/operations)
  "mcp",
  "api",
  "teams",
  "oauth",
  "usage",
  "tokens",
  "upstream", // organizations' own MCP servers (the gateway's registry)
  "retention",
  "activity",
  "auth",
  "audit",
  "context",
  "agents",
  "tasks",
  "rate-limit",
  "health",
  "db",
  "log",
  "urls", // Keyway's public URLs, from APP_URL
  "config",
  "net",
  "metrics",
  "telemetry",
  "pagination",
  "export", // CSV and JSON Lines exports of lists
  "validation",
  "errors",
  "time",
  "expiring-cache",
  "scopes",
];
const libPath = (name) => `^lib/${name.replace("-", "\\-")}(/|\\.ts$)`;
const layerRules = LIB_ORDER.map((name, index) => ({
  name: `lib-order-${name}`,
  comment: `lib/${name} imports only what comes after it in LIB_ORDER.`,
  severity: "error",
  from: { path: libPath(name) },
  to: { path: LIB_ORDER.slice(0, index).map(libPath).join("|") || "^$" },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "lib-module-listed",
      comment: "Every folder or module of lib/ has its place in LIB_ORDER.",
      severity: "error",
      from: { path: "^lib/", pathNot: `^lib/db/generated/|${LIB_ORDER.map(libPath).join("|")}` },
      to: {},
    },
    {
      name: "lib-not-to-app",
      comment: "lib/ never imports routes, pages or components.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(app|components)/|^(proxy|instrumentation)\\.ts$" },
    },
    {
      name: "domain-not-to-edge",
      comment:
        "Domain code knows no HTTP and no MCP: it throws DomainError and the edge maps it. lib/client is the edge's client: its calls name the edge's operations.",
      severity: "error",
      from: { path: "^lib/", pathNot: `${EDGE}|^lib/client/` },
      to: { path: EDGE },
    },
    {
      name: "store-not-upward",
      comment: "The store reads the configuration and the leaves; it never reaches into the domain or the edge.",
      severity: "error",
      from: { path: STORE },
      to: {
        path: "^lib/",
        pathNot: `${STORE}|${LIB_ORDER.slice(LIB_ORDER.indexOf("db") + 1)
          .map(libPath)
          .join("|")}`,
      },
    },
    {
      name: "app-not-to-store",
      comment: "Routes and pages reach the store through domain functions.",
      severity: "error",
      from: { path: "^(app|components)/" },
      to: { path: STORE },
    },
    {
      name: "no-circular",
      comment: "Modules of lib/ do not import each other in a circle.",
      severity: "error",
      from: { path: "^lib/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^lib/db/generated/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
