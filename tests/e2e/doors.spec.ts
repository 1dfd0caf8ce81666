/**
 * What fails inside Next.js before any door runs, and what only the real server can show: the
 * launcher's own `x-forwarded-for`, headers on every kind of answer. Requests go out over plain
 * HTTP from chosen loopback addresses (127.0.0.0/8 is all ours), so each test is a client of its own.
 */
import http from "node:http";
import net from "node:net";
import { expect, test } from "@playwright/test";

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function send(
  baseURL: string,
  path: string,
  options: { from?: string; method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const url = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path, // sent as written: percent-encoding is not touched
        method: options.method ?? "GET",
        headers: options.headers,
        localAddress: options.from,
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

/** Bytes written to the server as they are, for what an HTTP client would refuse to send. */
function sendRaw(baseURL: string, text: string): Promise<string> {
  const url = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port), localAddress: "127.0.0.9" }, () =>
      socket.end(text),
    );
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (answer += chunk));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

const LIMIT = 100; // RATE_LIMIT_PER_IP_PER_MINUTE's default, which the app under test runs with

function expectSecurityHeaders(answer: Answer, kind: "page" | "other"): void {
  expect(answer.headers["x-content-type-options"]).toBe("nosniff");
  expect(answer.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(answer.headers["permissions-policy"]).toContain("camera=()");
  expect(answer.headers["x-frame-options"]).toBe("DENY");
  const policy = String(answer.headers["content-security-policy"]);
  expect(policy).toContain("frame-ancestors 'none'");
  if (kind === "page") expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
  else expect(policy).toContain("default-src 'none'");
  expect(answer.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
}

test.describe("the launcher owns the caller's address", () => {
  test("a client-written X-Forwarded-For neither resets its limit", async ({ baseURL }) => {
    const from = "127.0.0.2";
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      const claim = `203.0.113.${i % 250}, 198.51.100.${i % 250}`;
      statuses.push(
        (await send(baseURL!, "/api/v1/licenses/jwks", { from, headers: { "x-forwarded-for": claim } })).status,
      );
    }
    expect(statuses.slice(0, LIMIT).every((status) => status === 200)).toBe(true);
    const limited = await send(baseURL!, "/api/v1/licenses/jwks", {
      from,
      headers: { "x-forwarded-for": "192.0.2.1" },
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expectSecurityHeaders(limited, "other");
  });

  test("nor spends another client's", async ({ baseURL }) => {
    for (let i = 0; i <= LIMIT; i++) {
      await send(baseURL!, "/api/v1/licenses/jwks", { from: "127.0.0.3", headers: { "x-forwarded-for": "127.0.0.4" } });
    }
    expect((await send(baseURL!, "/api/v1/licenses/jwks", { from: "127.0.0.4" })).status).toBe(200);
  });
});

test.describe("what Next.js would fail on is the caller's error", () => {
  for (const path of [
    "/checkout/%ff",
    "/api/v1/payments/orders/%ff%fe",
    "/api/v1/subscriptions/%ff/cancel",
    "/checkout/%00",
    "/simulated/checkout/%c0%80",
  ]) {
    test(`${path} is a 400`, async ({ baseURL }) => {
      const method = path.endsWith("/cancel") ? "POST" : "GET";
      const answer = await send(baseURL!, path, { from: "127.0.0.5", method });
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "bad_request" } });
      expectSecurityHeaders(answer, "other");
    });
  }

  test("a server action called from another site is a 403, and junk sent to one a 400", async ({ baseURL, page }) => {
    // The action's id, as the checkout page's own form would send it.
    await page.goto("/checkout/care-plan");
    let actionId = "";
    page.on("request", (request) => (actionId ||= request.headers()["next-action"] ?? ""));
    await page.getByLabel("Email").fill("buyer@example.com");
    await page.getByRole("button", { name: "Continue to payment" }).click();
    await expect(page).toHaveURL(/\/simulated\/checkout\//);
    expect(actionId).toMatch(/^[0-9a-f]{40,}$/);

    const origin = new URL(baseURL!).origin;
    const call = (headers: Record<string, string>, body: string) =>
      send(baseURL!, "/checkout/care-plan", {
        from: "127.0.0.6",
        method: "POST",
        headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", ...headers },
        body,
      });
    const crossSite = await call({ origin: "https://evil.example" }, "[]");
    expect(crossSite.status).toBe(403);
    expectSecurityHeaders(crossSite, "other");
    // With no proxy of ours declared, the forwarding headers a client writes are not believed.
    const forgedHost = await call({ origin: "https://evil.example", "x-forwarded-host": "evil.example" }, "[]");
    expect(forgedHost.status).toBe(403);
    const tooLarge = await call({ origin }, JSON.stringify(["a".repeat(2 * 1024 * 1024)]));
    expect(tooLarge.status).toBe(413);
    // A body that does not declare its length is refused unread (our pages always declare it).
    const chunked = await call({ origin, "transfer-encoding": "chunked" }, JSON.stringify(["a".repeat(1024 * 1024)]));
    expect(chunked.status).toBe(411);
    // React reads the first field of a name: so does the check.
    const boundary = "----agy";
    const duplicated = [
      ["0", '["$Q1"]'],
      ["0", '["x"]'],
    ]
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join("");
    const twice = await call(
      { origin, "content-type": `multipart/form-data; boundary=${boundary}` },
      `${duplicated}--${boundary}--\r\n`,
    );
    expect(twice.status).toBe(400);
    for (const junk of ["garbage{{", '"x"', '["$Q1"]', '["$@5"]', '[{},"$K9"]', '["$1"]']) {
      expect((await call({ origin }, junk)).status, junk).toBe(400);
    }
  });
});

test.describe("what Node or Next would answer bare", () => {
  test("a method Next does not know is a 405, a target that is not a path a 400, both with our headers", async ({
    baseURL,
  }) => {
    const trace = await send(baseURL!, "/api/v1/ping", { from: "127.0.0.8", method: "TRACE" });
    expect(trace.status).toBe(405);
    expectSecurityHeaders(trace, "other");
    const asterisk = await sendRaw(baseURL!, "OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(asterisk).toMatch(/^HTTP\/1\.1 400 /);
    expect(asterisk).toMatch(/\r\nx-request-id: [0-9a-f-]{36}\r\n/i);
  });

  test("CONNECT is a 405 and an Expect other than 100-continue a 417, with our headers", async ({ baseURL }) => {
    const connect = await sendRaw(baseURL!, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
    expect(connect).toMatch(/^HTTP\/1\.1 405 /);
    expect(connect).toMatch(/\r\nX-Request-Id: [0-9a-f-]{36}\r\n/i);
    const expectation = await send(baseURL!, "/api/v1/ping", {
      from: "127.0.0.8",
      method: "POST",
      headers: { expect: "200-ok", "content-length": "0" },
    });
    expect(expectation.status).toBe(417);
    expectSecurityHeaders(expectation, "other");
  });

  test("headers Node cannot read are a 431, a bad Content-Length a 400, with our headers", async ({ baseURL }) => {
    const huge = await sendRaw(baseURL!, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(huge).toMatch(/\r\nX-Content-Type-Options: nosniff\r\n/);
    const badLength = await sendRaw(baseURL!, "POST /api/v1/ping HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n");
    expect(badLength).toMatch(/^HTTP\/1\.1 400 /);
    expect(badLength).toMatch(/\r\nContent-Security-Policy: default-src 'none'/);
  });

  test("Next's own redirects and files carry our headers and a request id", async ({ baseURL }) => {
    const redirect = await send(baseURL!, "/api/v1/ping/", { from: "127.0.0.8" });
    expect(redirect.status).toBe(308);
    expectSecurityHeaders(redirect, "other");
    const missingFile = await send(baseURL!, "/_next/static/chunks/no-such-chunk.js", { from: "127.0.0.8" });
    expect(missingFile.status).toBe(404);
    expectSecurityHeaders(missingFile, "other");
  });
});

test.describe("security headers on every kind of answer", () => {
  test("a page, an API route, an API error, a missing page and a missing endpoint", async ({ baseURL }) => {
    const from = "127.0.0.7";
    expectSecurityHeaders(await send(baseURL!, "/", { from }), "page");
    expectSecurityHeaders(await send(baseURL!, "/api/health", { from }), "other");
    const refused = await send(baseURL!, "/api/v1/licenses/validate", {
      from,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"key":"a\\u0000b"}',
    });
    expect(refused.status).toBe(422);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { field: "key" } });
    expectSecurityHeaders(refused, "other");
    const missingPage = await send(baseURL!, "/no/such/page", { from });
    expect(missingPage.status).toBe(404);
    expectSecurityHeaders(missingPage, "page");
    const missingEndpoint = await send(baseURL!, "/api/v1/no-such-endpoint", { from });
    expect(missingEndpoint.status).toBe(404);
    expect(JSON.parse(missingEndpoint.body)).toMatchObject({ error: { code: "not_found" } });
    expectSecurityHeaders(missingEndpoint, "other");
    const file = await send(baseURL!, "/favicon.svg", { from });
    expect(file.headers["x-content-type-options"]).toBe("nosniff");
  });
});
