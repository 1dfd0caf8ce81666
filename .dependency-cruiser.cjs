/**
 * Layers: the doors (app, components, cli, workers, scripts) → services → gateways, db → lib.
 * Dependencies point down only, and nothing forms a cycle.
 */
const DOORS = "^(app|components|cli|workers|scripts)/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    {
      name: "lib-is-the-bottom",
      comment: "lib/ holds what everything shares; it depends on nothing of ours.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(app|components|cli|workers|scripts|services|gateways|db)/" },
    },
    {
      name: "gateways-only-use-lib",
      comment: "A gateway talks to a provider; it never touches the database or services.",
      severity: "error",
      from: { path: "^gateways/" },
      to: { path: "^(app|components|cli|workers|scripts|services|db)/" },
    },
    {
      name: "db-only-uses-lib",
      severity: "error",
      from: { path: "^db/" },
      to: { path: "^(app|components|cli|workers|scripts|services|gateways)/" },
    },
    {
      name: "services-stay-below-the-doors",
      severity: "error",
      from: { path: "^services/" },
      to: { path: DOORS },
    },
    {
      name: "doors-go-through-services",
      comment: "Route handlers, pages, commands and workers call services, never gateways or SQL.",
      severity: "error",
      from: { path: DOORS },
      to: { path: "^(gateways|db)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "doors-do-not-import-each-other",
      severity: "error",
      from: { path: "^(app|components|cli|workers)/" },
      to: { path: "^(cli|workers|scripts)/", pathNot: "$1" },
    },
    {
      name: "no-next-below-the-doors",
      comment: "services, gateways, db and lib run the same in the web app, the CLI and the worker.",
      severity: "error",
      from: { path: "^(services|gateways|db|lib)/" },
      to: { path: "node_modules/(next|react|react-dom)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
