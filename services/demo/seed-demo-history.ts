import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import {
  checkoutOrders,
  products,
  subscriptions,
  transactions,
  webhookEvents,
  type NewTransaction,
  type Product,
  type Provider,
} from "@/db/schema";
import { AppError } from "@/lib/errors";
import { issueLicenses, addBillingPeriod } from "@/services/license";
import { ensureTenants } from "@/services/provisioning/ensure-tenant";
import { foldRevenueDeltas } from "@/services/revenue";

const PROVIDERS: Provider[] = ["stripe", "paypal", "gumroad"];
const DAY = 24 * 60 * 60 * 1000;
const ORDERS_PER_CHUNK = 1_000;
// Stored webhook events for the newest orders only: enough to fill the console's event pages
// without a copy of every payload of a long history.
const EVENTS_KEPT = 2_000;
const FIRST_NAMES = ["an", "binh", "chi", "dung", "emma", "giang", "hoa", "liam", "mai", "noah", "olivia", "quang"];

export interface DemoHistoryOptions {
  /** How many payments (purchases and renewals) to write; refunds come on top. */
  transactions: number;
  years?: number;
  now?: Date;
  /** Seeds the pseudo-random choices, so a demo can be made again alike. */
  seed?: number;
  /** Told after each chunk: how many ledger rows are written so far. */
  onProgress?: (written: number) => void;
}

export interface DemoHistory {
  transactions: number;
  orders: number;
  customers: number;
}

// mulberry32: small, fast and good enough to spread a demo's history.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface PlannedOrder {
  product: Product;
  provider: Provider;
  email: string;
  paidAt: Date;
  /** Every payment of the order: the purchase, then each renewal. */
  payments: Date[];
  subscriptionActive: boolean;
}

/**
 * Writes a demo history, all of it test money: customers buying the catalog's products through
 * Stripe, PayPal and Gumroad over several years (USD and VND as the products are priced),
 * subscriptions renewing monthly until some churn, about 4% of payments refunded (half in part)
 * and 0.5% disputed, each purchase with its license, and the newest orders' webhook events. It
 * goes through the same tenant and license code as provisioning, in chunks, one transaction each,
 * and the rollups follow by their triggers. Refuses a database that holds live money.
 */
export async function seedDemoHistory(db: Database, options: DemoHistoryOptions): Promise<DemoHistory> {
  const [live] = await db
    .select({ id: transactions.id })
    .from(transactions)
    .where(eq(transactions.environment, "live"))
    .limit(1);
  if (live) {
    throw new AppError("conflict", "The database holds live money", {
      userMessage: "This database holds live payments: the demo history goes only into a database without them.",
    });
  }
  const catalog = await db.select().from(products).where(eq(products.active, true));
  if (catalog.length === 0) {
    throw new AppError("conflict", "No products", {
      userMessage: "The catalog is empty: seed it first (npm run db:seed).",
    });
  }
  const now = options.now ?? new Date();
  const start = now.getTime() - (options.years ?? 3) * 365 * DAY;
  const next = random(options.seed ?? 1);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;

  const planOrder = (index: number): PlannedOrder => {
    const product = pick(catalog);
    // Business grows: later years see more orders (a square-root spread over the period).
    const paidAt = new Date(start + Math.sqrt(next()) * (now.getTime() - start));
    const payments = [paidAt];
    let subscriptionActive = false;
    if (product.kind === "subscription") {
      const monthsKept = Math.floor(-Math.log(1 - next()) * 14); // churn: about 7% a month
      let at = paidAt;
      for (let month = 0; month < monthsKept; month++) {
        at = addBillingPeriod(at, product.billingInterval ?? "month");
        if (at > now) break;
        payments.push(at);
      }
      subscriptionActive = addBillingPeriod(at, product.billingInterval ?? "month") > now;
    }
    // About one order in four is from a customer who bought before.
    const customer = next() < 0.25 && index > 0 ? Math.floor(next() * index) : index;
    return {
      product,
      provider: pick(PROVIDERS),
      email: `${FIRST_NAMES[customer % FIRST_NAMES.length]}.${customer}@demo.example`,
      paidAt,
      payments,
      subscriptionActive,
    };
  };

  let written = 0;
  let orders = 0;
  const emails = new Set<string>();
  while (written < options.transactions) {
    const chunk: PlannedOrder[] = [];
    let planned = written;
    while (chunk.length < ORDERS_PER_CHUNK && planned < options.transactions) {
      const order = planOrder(orders + chunk.length);
      // The last order stops at the count asked for.
      order.payments = order.payments.slice(0, options.transactions - planned);
      planned += order.payments.length;
      chunk.push(order);
    }
    written += await db.transaction((tx) => writeChunk(tx, chunk, next, now));
    orders += chunk.length;
    for (const order of chunk) emails.add(order.email);
    options.onProgress?.(written);
  }
  await writeWebhookEvents(db, now);
  await foldRevenueDeltas(db);
  return { transactions: written, orders, customers: emails.size };
}

/** One chunk of orders with their tenants, subscriptions, licenses and ledger rows; answers the rows written. */
async function writeChunk(tx: Transaction, chunk: PlannedOrder[], next: () => number, now: Date): Promise<number> {
  const tenants = await ensureTenants(
    tx,
    chunk.map((order) => ({ email: order.email, domain: null })),
  );
  const orderRows = await tx
    .insert(checkoutOrders)
    .values(
      chunk.map((order) => ({
        productId: order.product.id,
        email: order.email,
        provider: order.provider,
        environment: "test" as const,
        amountMinor: order.product.priceMinor,
        currency: order.product.currency,
        status: "paid" as const,
        providerCheckoutId: `demo_${order.provider}_co_${randomUUID()}`,
        providerPaymentId: `demo_${order.provider}_pay_${randomUUID()}`,
        createdAt: order.paidAt,
        updatedAt: order.paidAt,
      })),
    )
    .returning({ id: checkoutOrders.id, providerPaymentId: checkoutOrders.providerPaymentId });

  const subscribed = chunk.flatMap((order, index) => (order.product.kind === "subscription" ? [index] : []));
  const subscriptionRows = subscribed.length
    ? await tx
        .insert(subscriptions)
        .values(
          subscribed.map((index) => {
            const order = chunk[index]!;
            const last = order.payments.at(-1)!;
            return {
              tenantId: tenants[index]!.id,
              productId: order.product.id,
              provider: order.provider,
              providerSubscriptionId: `demo_${order.provider}_sub_${randomUUID()}`,
              status: order.subscriptionActive ? ("active" as const) : ("canceled" as const),
              environment: "test" as const,
              currentPeriodEnd: addBillingPeriod(last, order.product.billingInterval ?? "month"),
              lastEventAt: last,
              createdAt: order.paidAt,
            };
          }),
        )
        .returning({ id: subscriptions.id })
    : [];
  const subscriptionOf = new Map(subscribed.map((index, i) => [index, subscriptionRows[i]!.id]));
  await issueLicenses(
    tx,
    chunk.map((order, index) => ({
      tenantId: tenants[index]!.id,
      productId: order.product.id,
      environment: "test",
      checkoutOrderId: orderRows[index]!.id,
      subscriptionId: subscriptionOf.get(index),
      paidThrough:
        order.product.kind === "subscription" ? addBillingPeriod(order.payments.at(-1)!, "month") : undefined,
      now: order.paidAt,
    })),
  );

  const ledger: NewTransaction[] = [];
  const refunds: NewTransaction[] = [];
  chunk.forEach((order, index) => {
    order.payments.forEach((paidAt, n) => {
      const roll = next();
      const refunded = roll < 0.04;
      const whole = refunded && roll < 0.02;
      const paymentId = n === 0 ? orderRows[index]!.providerPaymentId! : `demo_${order.provider}_pay_${randomUUID()}`;
      const id = randomUUID();
      ledger.push({
        id,
        tenantId: tenants[index]!.id,
        checkoutOrderId: orderRows[index]!.id,
        provider: order.provider,
        providerTransactionId: paymentId,
        kind: "payment",
        amountMinor: order.product.priceMinor,
        currency: order.product.currency,
        status: whole ? "refunded" : roll > 0.995 ? "disputed" : "succeeded",
        environment: "test",
        occurredAt: paidAt,
      });
      if (!refunded) return;
      const refundedAt = new Date(Math.min(now.getTime(), paidAt.getTime() + (1 + next() * 20) * DAY));
      refunds.push({
        tenantId: tenants[index]!.id,
        checkoutOrderId: orderRows[index]!.id,
        provider: order.provider,
        providerTransactionId: `demo_${order.provider}_re_${randomUUID()}`,
        kind: "refund",
        refundOfId: id,
        amountMinor: whole ? order.product.priceMinor : Math.max(1, Math.floor(order.product.priceMinor / 2)),
        currency: order.product.currency,
        status: "succeeded",
        environment: "test",
        occurredAt: refundedAt,
      });
    });
  });
  for (let at = 0; at < ledger.length; at += 5_000) await tx.insert(transactions).values(ledger.slice(at, at + 5_000));
  if (refunds.length) await tx.insert(transactions).values(refunds);
  return ledger.length;
}

/** Stored, processed webhook events for the newest demo payments, and a few failed ones to look into. */
async function writeWebhookEvents(db: Database, now: Date): Promise<void> {
  const newest = await db
    .select({
      provider: transactions.provider,
      paymentId: transactions.providerTransactionId,
      at: transactions.occurredAt,
    })
    .from(transactions)
    .where(
      and(
        eq(transactions.environment, "test"),
        eq(transactions.kind, "payment"),
        sql`${transactions.providerTransactionId} like 'demo_%'`,
      ),
    )
    .orderBy(sql`${transactions.occurredAt} desc`)
    .limit(EVENTS_KEPT);
  const rows = newest.map((payment, index) => {
    const failed = index % 500 === 7;
    return {
      provider: payment.provider,
      providerEventId: `demo_evt_${randomUUID()}`,
      type: "demo.payment.completed",
      environment: "test" as const,
      payload: JSON.stringify({ demo: true, payment: payment.paymentId, created: payment.at.toISOString() }),
      status: failed ? ("failed" as const) : ("processed" as const),
      attempts: failed ? 3 : 1,
      lastError: failed ? "demo: the payment's order could not be read" : null,
      receivedAt: payment.at,
      processedAt: failed ? null : new Date(Math.min(now.getTime(), payment.at.getTime() + 150)),
    };
  });
  for (let at = 0; at < rows.length; at += 1_000) {
    await db
      .insert(webhookEvents)
      .values(rows.slice(at, at + 1_000))
      .onConflictDoNothing();
  }
}
