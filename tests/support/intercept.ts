import type { RequestHandler } from "msw";
import { setupServer } from "msw/node";

let server: ReturnType<typeof setupServer> | undefined;
let users = 0;

/**
 * Intercepts this process's outgoing requests that the handlers match (everything else goes out
 * as usual). One msw server serves every fake at once: two would both claim each request.
 * Answers the function that ends this fake's interception.
 */
export function intercept(handlers: RequestHandler[]): () => void {
  const active = server ?? setupServer();
  if (!server) {
    active.listen({ onUnhandledRequest: "bypass" });
    server = active;
  }
  active.use(...handlers);
  users++;
  return () => {
    users--;
    if (users === 0) {
      server?.close();
      server = undefined;
    }
  };
}
