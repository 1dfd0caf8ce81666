import { createInterface } from "node:readline";
import { Writable } from "node:stream";

/**
 * A password from standard input: everything piped in (`--password-stdin`, one trailing newline
 * dropped), or typed at a prompt that does not echo it.
 */
export async function readPassword(options: { fromStdin: boolean; prompt: string }): Promise<string> {
  if (options.fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks)
      .toString("utf8")
      .replace(/\r?\n$/, "");
  }
  process.stderr.write(options.prompt);
  // The typed characters go nowhere: a password is never shown on the screen.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const reader = createInterface({ input: process.stdin, output: silent, terminal: true });
  const password = await new Promise<string>((resolve) => reader.question("", resolve));
  reader.close();
  process.stderr.write("\n");
  return password;
}
