// The dependency direction of Keyway (docs/architecture.md): app -> edge -> domain -> store.
// `npm test` runs this first; an arrow pointing back fails the suite.
//   app:    app/, components/, proxy.ts, instrumentation.ts (pages, route files, UI)
//   edge:   lib/api/ (REST and HTTP mapping), lib/mcp/ (the MCP endpoint and its tools)
//   domain: every other lib/ module (tokens, auth, tasks, agents, context, audit, usage, ...)
//   store:  lib/db/ (Prisma clients, migrations; it may read the configuration)
const EDGE = "^lib/(api|mcp)/";
const STORE = "^lib/db/";

module.exports = {
  forbidden: [
    {
      name: "lib-not-to-app",
      comment: "lib/ never imports routes, pages or components.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(app|components)/|^(proxy|instrumentation)\\.ts$" },
    },
    {
      name: "domain-not-to-edge",
      comment: "Domain code knows no HTTP and no MCP: it throws DomainError and the edge maps it.",
      severity: "error",
      from: { path: "^lib/", pathNot: `${EDGE}` },
      to: { path: EDGE },
    },
    {
      name: "store-not-upward",
      comment: "The store reads only the configuration; it never reaches into the domain or the edge.",
      severity: "error",
      from: { path: STORE },
      to: { path: "^lib/", pathNot: `${STORE}|^lib/config/` },
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
