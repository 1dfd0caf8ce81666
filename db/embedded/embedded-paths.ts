import path from "node:path";

// A Unix socket path may hold at most 107 bytes on Linux (103 on macOS).
const MAX_SOCKET_PATH = 100;

export interface EmbeddedPaths {
  /** PGlite's PostgreSQL data directory; only the process holding the claim may open it. */
  pgdata: string;
  /** Folder of the Unix sockets; node-postgres takes it as `host`. */
  socketDir: string;
  /** Where the PostgreSQL wire protocol is served (libpq's naming, so `host=<socketDir>` finds it). */
  socketPath: string;
  /** A listening socket that marks the data directory as open by a live process. */
  claimPath: string;
}

export function embeddedPaths(dataDir: string): EmbeddedPaths {
  const socketDir = path.join(path.resolve(dataDir), "run");
  const paths = {
    pgdata: path.join(path.resolve(dataDir), "pglite"),
    socketDir,
    socketPath: path.join(socketDir, ".s.PGSQL.5432"),
    claimPath: path.join(socketDir, "claim.sock"),
  };
  if (Buffer.byteLength(paths.socketPath) > MAX_SOCKET_PATH) {
    throw new Error(`DATA_DIR is too deep for a Unix socket (${paths.socketPath}); set DATA_DIR to a shorter path`);
  }
  return paths;
}

/** node-postgres URL for the embedded server: the socket folder goes in `host`. */
export function embeddedConnectionUrl(dataDir: string): string {
  const { socketDir } = embeddedPaths(dataDir);
  return `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`;
}
