/** The bench's peer app (see package.json). */
export default {
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3"],
  turbopack: { root: import.meta.dirname },
};
