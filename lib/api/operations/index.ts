// The operations of /api/v2, one module per resource (./define.ts says what an operation declares).
export type { Operation } from "./define";
export * from "./account";
export * from "./audit";
export * from "./tokens";
export * from "./connected-apps";
export * from "./organization";
export * from "./service-accounts";
export * from "./apps";
export * from "./security";
export * from "./servers";
