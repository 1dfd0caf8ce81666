import { http, HttpResponse } from "msw";
import { intercept } from "@/tests/support/intercept";

export interface GumroadCall {
  method: string;
  path: string;
  authorization: string | null;
  form: Record<string, string>;
}

const API = "https://api.gumroad.com/v2";

/**
 * Gumroad's REST API v2 intercepted in this process with msw: sales, refunds and license checks,
 * answering `{ success, … }` as Gumroad does, with a seller's known sales and licenses.
 */
export function startFakeGumroad({ accessToken }: { accessToken: string }) {
  const calls: GumroadCall[] = [];
  const failures: (number | "network")[] = [];
  const sales = new Map<
    string,
    {
      id: string;
      email: string;
      product_id: string;
      product_permalink?: string;
      offer_code?: { name: string; displayed_amount_off: string } | null;
      price: number;
      refunded: boolean;
      license_key?: string;
      currency?: string;
      url_params?: Record<string, string>;
    }
  >();

  /** The seller's offer codes, by product id, as Gumroad lists them. */
  const offerCodes = new Map<string, { id: string; name: string; amount_cents?: number; percent_off?: number }[]>();

  const record = async (request: Request) => {
    const form = Object.fromEntries(new URLSearchParams(request.method === "GET" ? "" : await request.text()));
    const call = {
      method: request.method,
      path: new URL(request.url).pathname,
      authorization: request.headers.get("authorization"),
      form,
    };
    calls.push(call);
    return call;
  };
  const refused = (status: number, message: string) => HttpResponse.json({ success: false, message }, { status });
  const pathFailures = new Map<string, number | "network">();
  const guard = (call: GumroadCall) => {
    const onPath = [...pathFailures.keys()].find((fragment) => call.path.includes(fragment));
    const failure = onPath === undefined ? failures.shift() : pathFailures.get(onPath);
    if (onPath !== undefined) pathFailures.delete(onPath);
    if (failure === "network") return HttpResponse.error();
    if (failure !== undefined) return refused(failure, `Failed with ${failure}`);
    if (call.authorization !== `Bearer ${accessToken}`) return refused(401, "The access token is invalid");
    return undefined;
  };

  const stop = intercept([
    // A 200 whose body is not Gumroad's shape, to prove such answers are refused.
    http.get(`${API}/sales/odd-shape`, () => HttpResponse.json({ success: true, sale: { id: 7 } })),
    http.get(`${API}/sales/:id`, async ({ request, params }) => {
      const call = await record(request);
      const sale = sales.get(params.id as string);
      return (
        guard(call) ?? (sale ? HttpResponse.json({ success: true, sale }) : refused(404, "The sale was not found."))
      );
    }),
    http.get(`${API}/products/:id/offer_codes`, async ({ request, params }) => {
      const call = await record(request);
      return (
        guard(call) ?? HttpResponse.json({ success: true, offer_codes: offerCodes.get(params.id as string) ?? [] })
      );
    }),
    http.put(`${API}/sales/:id/refund`, async ({ request, params }) => {
      const call = await record(request);
      const sale = sales.get(params.id as string);
      if (!sale) return guard(call) ?? refused(404, "The sale was not found.");
      return guard(call) ?? HttpResponse.json({ success: true, sale: { ...sale, refunded: true } });
    }),
    http.post(`${API}/licenses/verify`, async ({ request }) => {
      const call = await record(request);
      const sale = [...sales.values()].find(
        (s) => s.license_key === call.form.license_key && s.product_id === call.form.product_id,
      );
      if (!sale) return guard(call) ?? refused(404, "That license does not exist for the provided product.");
      return (
        guard(call) ??
        HttpResponse.json({ success: true, uses: 3, purchase: { sale_id: sale.id, refunded: sale.refunded } })
      );
    }),
  ]);

  return {
    calls,
    sales,
    offerCodes,
    failNext(...outcomes: (number | "network")[]) {
      failures.push(...outcomes);
    },
    /** The next call whose path holds `fragment` answers this, once. */
    failCall(fragment: string, outcome: number | "network") {
      pathFailures.set(fragment, outcome);
    },
    close: stop,
  };
}
