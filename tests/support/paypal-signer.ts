import { execFileSync } from "node:child_process";
import { sign } from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { crc32 } from "node:zlib";
import { tempDir } from "@/tests/support/test-database";

/**
 * An independent PayPal signer: an RSA key and a self-signed certificate made by openssl, the
 * certificate served over https on loopback (as PayPal serves its own), and headers signed the way
 * PayPal signs them. This process trusts the server's certificate for node:https requests.
 */
/** A key and a self-signed certificate for 127.0.0.1 made by openssl, in `dir` (`rsa:2048`, `ed25519`…). */
export function createSelfSignedCertificate(
  dir: string,
  name: string,
  algorithm: string,
): { key: string; cert: string } {
  const keyFile = path.join(dir, `${name}.key`);
  const certFile = path.join(dir, `${name}.pem`);
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", algorithm, "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"].concat([
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      keyFile,
      "-out",
      certFile,
    ]),
    { stdio: "ignore" },
  );
  return { key: fs.readFileSync(keyFile, "utf8"), cert: fs.readFileSync(certFile, "utf8") };
}

export async function startPaypalSigner() {
  const dir = tempDir("agy-pp-");
  const { key, cert } = createSelfSignedCertificate(dir, "signer", "rsa:2048");
  let downloads = 0;
  const server = https.createServer({ key, cert }, (request, response) => {
    downloads++;
    if (request.url === "/v1/notifications/certs/CERT-test") response.end(cert);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  https.globalAgent.options.ca = cert;

  return {
    host,
    certUrl: `https://${host}/v1/notifications/certs/CERT-test`,
    get downloads() {
      return downloads;
    },
    /** PayPal's headers for a body: RSA-SHA256 over `id|time|webhookId|crc32(body)`. */
    headers(body: string, webhookId: string, options: { time?: Date; certUrl?: string; id?: string } = {}) {
      const transmissionId = options.id ?? crypto.randomUUID();
      const transmissionTime = (options.time ?? new Date()).toISOString();
      const message = `${transmissionId}|${transmissionTime}|${webhookId}|${crc32(body)}`;
      return new Headers({
        "content-type": "application/json",
        "paypal-transmission-id": transmissionId,
        "paypal-transmission-time": transmissionTime,
        "paypal-transmission-sig": sign("sha256", Buffer.from(message), key).toString("base64"),
        "paypal-cert-url": options.certUrl ?? `https://${host}/v1/notifications/certs/CERT-test`,
        "paypal-auth-algo": "SHA256withRSA",
      });
    },
    close() {
      delete https.globalAgent.options.ca;
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
