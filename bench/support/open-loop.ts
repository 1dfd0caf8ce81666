import http from "node:http";
export interface OpenLoopRequest {
  body: string;
  headers: Record<string, string>;
}

export interface OpenLoopOptions<R extends OpenLoopRequest = OpenLoopRequest> {
  url: string;
  /** Requests a second, sent evenly: one every 1000 / rate ms, whether or not answers have come. */
  rate: number;
  seconds: number;
  /** Builds each request as it is due (e.g. a fresh signed event); `dueAt` is wall-clock ms. */
  nextRequest(dueAt: number): R;
  /** Takes each failed request (as a provider would, to retry it) instead of failing the run. */
  onFailure?(request: R, reason: string): void;
  /** Hears of each request answered 2xx: what the server acknowledged, for the end-of-run check. */
  onAcknowledged?(request: R): void;
}

export interface OpenLoopResult {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  sent: number;
}

/**
 * A fixed arrival rate, evenly spaced (autocannon's `overallRate` sends each connection's share of
 * a second back to back, in bursts). Latency runs from when a request was due, not when a socket
 * was free, so a server falling behind shows its queueing delay. Any non-2xx or error fails the run.
 */
export async function runOpenLoop<R extends OpenLoopRequest>({
  url,
  rate,
  seconds,
  nextRequest,
  onFailure,
  onAcknowledged,
}: OpenLoopOptions<R>): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const target = new URL(url);
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const failures: string[] = [];
  const started = performance.now();
  let sent = 0;
  let answered = 0;

  const send = (dueAt: number) => {
    const built = nextRequest(performance.timeOrigin + dueAt);
    const { body, headers } = built;
    const fail = (reason: string) => (onFailure ? onFailure(built, reason) : failures.push(reason));
    const request = http.request(
      target,
      { method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          if (status < 200 || status >= 300) fail(`HTTP ${status}`);
          else {
            latencies.push(performance.now() - dueAt);
            onAcknowledged?.(built);
          }
          answered++;
        });
      },
    );
    request.on("error", (error) => {
      fail(error.message);
      answered++;
    });
    request.end(body);
  };

  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      // Every request due by now goes out now, each keeping its own due time.
      while (sent < total && started + (sent * 1000) / rate <= now) send(started + (sent++ * 1000) / rate);
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  while (answered < total) await new Promise((resolve) => setTimeout(resolve, 5));
  const elapsedSeconds = (performance.now() - started) / 1000;
  agent.destroy();
  if (failures.length > 0) throw new Error(`${failures.length} failed requests, first: ${failures[0]}`);

  const sorted = latencies.sort((a, b) => a - b);
  const at = (fraction: number) =>
    Number(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!.toFixed(1));
  return { rps: total / elapsedSeconds, p50: at(0.5), p99: at(0.99), max: at(1), sent: total };
}
