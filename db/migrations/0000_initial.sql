CREATE TABLE "tenants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"code" text NOT NULL,
	"name" text,
	"domain" text,
	"subscription_status" text DEFAULT 'none' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenants_email_lower" CHECK ("tenants"."email" = lower("tenants"."email")),
	CONSTRAINT "tenants_subscription_status_valid" CHECK ("tenants"."subscription_status" in ('none', 'active', 'past_due', 'canceled'))
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"price_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"billing_interval" text,
	"stripe_price_id" text,
	"paypal_plan_id" text,
	"gumroad_permalink" text,
	"activation_limit" integer DEFAULT 1 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_kind_valid" CHECK ("products"."kind" in ('one_time', 'subscription')),
	CONSTRAINT "products_price_not_negative" CHECK ("products"."price_minor" >= 0),
	CONSTRAINT "products_activation_limit_positive" CHECK ("products"."activation_limit" >= 1),
	CONSTRAINT "products_billing_interval_valid" CHECK ("products"."billing_interval" in ('month', 'year')),
	CONSTRAINT "products_interval_matches_kind" CHECK (("products"."kind" = 'subscription' and "products"."billing_interval" is not null)
        or ("products"."kind" = 'one_time' and "products"."billing_interval" is null))
);
--> statement-breakpoint
CREATE TABLE "checkout_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"email" text NOT NULL,
	"domain" text,
	"provider" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"provider_checkout_id" text,
	"provider_payment_id" text,
	"provider_subscription_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checkout_orders_amount_not_negative" CHECK ("checkout_orders"."amount_minor" >= 0),
	CONSTRAINT "checkout_orders_provider_valid" CHECK ("checkout_orders"."provider" in ('stripe', 'paypal', 'gumroad', 'simulated')),
	CONSTRAINT "checkout_orders_status_valid" CHECK ("checkout_orders"."status" in ('pending', 'paid', 'failed', 'expired'))
);
--> statement-breakpoint
CREATE TABLE "transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"checkout_order_id" uuid,
	"provider" text NOT NULL,
	"provider_transaction_id" text NOT NULL,
	"kind" text NOT NULL,
	"refund_of_id" uuid,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"status" text NOT NULL,
	"environment" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transactions_amount_not_negative" CHECK ("transactions"."amount_minor" >= 0),
	CONSTRAINT "transactions_provider_valid" CHECK ("transactions"."provider" in ('stripe', 'paypal', 'gumroad', 'simulated')),
	CONSTRAINT "transactions_kind_valid" CHECK ("transactions"."kind" in ('payment', 'refund')),
	CONSTRAINT "transactions_status_valid" CHECK ("transactions"."status" in ('pending', 'succeeded', 'failed', 'refunded', 'disputed')),
	CONSTRAINT "transactions_environment_valid" CHECK ("transactions"."environment" in ('live', 'test'))
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"provider_subscription_id" text NOT NULL,
	"status" text NOT NULL,
	"environment" text NOT NULL,
	"current_period_end" timestamp with time zone,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"last_event_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscriptions_provider_valid" CHECK ("subscriptions"."provider" in ('stripe', 'paypal', 'gumroad', 'simulated')),
	CONSTRAINT "subscriptions_status_valid" CHECK ("subscriptions"."status" in ('pending', 'active', 'past_due', 'canceled', 'expired', 'suspended')),
	CONSTRAINT "subscriptions_environment_valid" CHECK ("subscriptions"."environment" in ('live', 'test'))
);
--> statement-breakpoint
CREATE TABLE "licenses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"tenant_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"subscription_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"activation_limit" integer DEFAULT 1 NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"status_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "licenses_status_valid" CHECK ("licenses"."status" in ('active', 'suspended', 'revoked')),
	CONSTRAINT "licenses_activation_limit_positive" CHECK ("licenses"."activation_limit" >= 1)
);
--> statement-breakpoint
CREATE TABLE "license_activations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"license_id" uuid NOT NULL,
	"domain" text NOT NULL,
	"fingerprint" text NOT NULL,
	"activated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_validated_at" timestamp with time zone,
	"deactivated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"provider_event_id" text NOT NULL,
	"type" text NOT NULL,
	"environment" text NOT NULL,
	"payload" text NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "webhook_events_provider_valid" CHECK ("webhook_events"."provider" in ('stripe', 'paypal', 'gumroad', 'simulated')),
	CONSTRAINT "webhook_events_status_valid" CHECK ("webhook_events"."status" in ('received', 'processed', 'ignored', 'failed')),
	CONSTRAINT "webhook_events_environment_valid" CHECK ("webhook_events"."environment" in ('live', 'test'))
);
--> statement-breakpoint
ALTER TABLE "checkout_orders" ADD CONSTRAINT "checkout_orders_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_checkout_order_id_checkout_orders_id_fk" FOREIGN KEY ("checkout_order_id") REFERENCES "public"."checkout_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_refund_of_id_transactions_id_fk" FOREIGN KEY ("refund_of_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_activations" ADD CONSTRAINT "license_activations_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tenants_email_key" ON "tenants" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "tenants_code_key" ON "tenants" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "tenants_domain_key" ON "tenants" USING btree ("domain");--> statement-breakpoint
CREATE UNIQUE INDEX "products_slug_key" ON "products" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "checkout_orders_provider_checkout_key" ON "checkout_orders" USING btree ("provider","provider_checkout_id");--> statement-breakpoint
CREATE INDEX "checkout_orders_email_idx" ON "checkout_orders" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "transactions_provider_transaction_key" ON "transactions" USING btree ("provider","provider_transaction_id");--> statement-breakpoint
CREATE INDEX "transactions_tenant_idx" ON "transactions" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "transactions_occurred_at_idx" ON "transactions" USING btree ("occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_provider_subscription_key" ON "subscriptions" USING btree ("provider","provider_subscription_id");--> statement-breakpoint
CREATE INDEX "subscriptions_tenant_idx" ON "subscriptions" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "licenses_key_key" ON "licenses" USING btree ("key");--> statement-breakpoint
CREATE INDEX "licenses_tenant_idx" ON "licenses" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "licenses_subscription_idx" ON "licenses" USING btree ("subscription_id");--> statement-breakpoint
CREATE UNIQUE INDEX "license_activations_active_key" ON "license_activations" USING btree ("license_id","domain","fingerprint") WHERE "license_activations"."deactivated_at" is null;--> statement-breakpoint
CREATE INDEX "license_activations_license_idx" ON "license_activations" USING btree ("license_id");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_events_provider_event_key" ON "webhook_events" USING btree ("provider","provider_event_id");--> statement-breakpoint
CREATE INDEX "webhook_events_status_received_idx" ON "webhook_events" USING btree ("status","received_at");