import fs from "node:fs";
import net from "node:net";
import lockfile from "proper-lockfile";

export class DataDirInUseError extends Error {
  override readonly name = "DataDirInUseError";
}

/** Resolves true when a live process accepts connections on the socket. */
function isListening(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
}

function listen(socketPath: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => socket.destroy());
    server.once("error", reject);
    server.listen(socketPath, () => resolve(server));
  });
}

/**
 * Claims the embedded data directory for this process, or throws DataDirInUseError.
 *
 * The claim is a Unix socket this process listens on: the kernel keeps answering it while the
 * process lives (even with a busy event loop) and stops the moment it dies, so a crash never
 * leaves a claim behind. Clearing a dead claim and binding a new one happens under a short file
 * lock, so two processes starting together cannot both clear and bind.
 */
export async function claimDataDir(socketDir: string, claimPath: string): Promise<() => Promise<void>> {
  fs.mkdirSync(socketDir, { recursive: true });
  const release = await lockfile
    .lock(socketDir, {
      lockfilePath: `${claimPath}.lock`,
      retries: { retries: 20, minTimeout: 25, maxTimeout: 250 },
    })
    .catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ELOCKED") throw error;
      throw new DataDirInUseError("Another process is opening the embedded database right now; try again.");
    });
  let server: net.Server;
  try {
    if (await isListening(claimPath)) {
      throw new DataDirInUseError(
        "The embedded database is already open in another process (is `npm start` running?). " +
          "Stop it, or set DATABASE_URL to use PostgreSQL.",
      );
    }
    fs.rmSync(claimPath, { force: true });
    server = await listen(claimPath);
  } finally {
    await release();
  }
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
    });
}
