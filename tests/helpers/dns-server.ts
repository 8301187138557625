import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import dns2 from "dns2";

// A DNS server on loopback for the domain proofs of single sign-on (lib/auth/domain-proof.ts):
// Keyway is started with DNS_SERVERS pointing here. It answers TXT questions from files in
// `recordsDir`, one per name (a JSON array of values), so a test in any process publishes or
// withdraws a record by writing a file; any other name is NXDOMAIN, as for a real missing record.

const { Packet } = dns2;
const NXDOMAIN = 3;

export async function startDnsServer(recordsDir: string, port = 0) {
  mkdirSync(recordsDir, { recursive: true });
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const values = question && question.type === Packet.TYPE.TXT ? readRecord(recordsDir, question.name) : null;
      if (!values) (response.header as { rcode: number }).rcode = NXDOMAIN;
      for (const value of values ?? []) {
        // The typings ask for the class's instances; the encoder takes plain records like this one.
        const record = { name: question!.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 1, data: value };
        response.answers.push(record as unknown as (typeof response.answers)[number]);
      }
      send(response);
    },
  });
  await server.listen({ udp: { port, address: "127.0.0.1" } });
  const address = server.addresses().udp!;
  return { server: `127.0.0.1:${address.port}`, close: () => server.close() };
}

function readRecord(recordsDir: string, name: string): string[] | null {
  try {
    return JSON.parse(readFileSync(path.join(recordsDir, name.toLowerCase()), "utf8")) as string[];
  } catch {
    return null;
  }
}

/** Publishes TXT `values` at `name` (replacing what was there). */
export function publishTxt(recordsDir: string, name: string, values: string[]) {
  const file = path.join(recordsDir, name.toLowerCase());
  // Written aside, then renamed into place: the server never reads half a file.
  writeFileSync(`${file}.tmp`, JSON.stringify(values));
  renameSync(`${file}.tmp`, file);
}

export function withdrawTxt(recordsDir: string, name: string) {
  rmSync(path.join(recordsDir, name.toLowerCase()), { force: true });
}
