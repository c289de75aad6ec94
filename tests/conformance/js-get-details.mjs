#!/usr/bin/env node
// GetOpportunity and GetAwsOpportunitySummary through the official AWS SDK for JavaScript v3
// (@aws-sdk/client-partnercentral-selling). For each id it records the SDK's parsed output
// (re-serialised: Dates as RFC 3339, milliseconds only when non-zero) next to the raw body the
// service sent, or the error the SDK raised; run-conformance.py compares them.
//
// stdout/--out: one JSON object per call: {Operation, Id, Raw, Output} or {Operation, Id, Error}
// stderr: "get-details: calls=N errors=E warnings=W"
// exit:   0 ok | 2 a call failed that was not expected to | 3 warnings with --fail-on-warning | 64 usage
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const peersDir = process.env.PD_PEERS_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../peers");
const requireFromPeers = createRequire(path.join(peersDir, "package.json"));
const sdk = requireFromPeers("@aws-sdk/client-partnercentral-selling");

const USAGE = `usage: node tests/conformance/js-get-details.mjs --endpoint-url URL --id O… [options]
  credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (env, static)
  --catalog C            (default AWS)
  --id ID                repeatable
  --operation OP         GetOpportunity | GetAwsOpportunitySummary | both (default both)
  --out FILE             write JSON lines to FILE instead of stdout
  --max-attempts N       SDK retry attempts (default 1)
  --fail-on-warning      exit 3 if the SDK emitted any warning`;

let args;
try {
  args = parseArgs({
    options: {
      "endpoint-url": { type: "string" },
      catalog: { type: "string", default: "AWS" },
      id: { type: "string", multiple: true },
      operation: { type: "string", default: "both" },
      out: { type: "string" },
      "max-attempts": { type: "string", default: "1" },
      "fail-on-warning": { type: "boolean", default: false },
    },
    strict: true,
  }).values;
} catch (e) {
  console.error(`${e.message}\n${USAGE}`);
  process.exit(64);
}
if (!args["endpoint-url"] || !args.id) { console.error(USAGE); process.exit(64); }

let warnings = 0;
const origWarn = console.warn.bind(console);
console.warn = (...a) => { warnings++; origWarn("[sdk warn]", ...a); };
const logger = {
  trace() {}, debug() {}, info() {},
  warn: (...a) => { warnings++; origWarn("[sdk logger.warn]", ...a); },
  error: () => {},
};
const client = new sdk.PartnerCentralSellingClient({
  endpoint: args["endpoint-url"],
  region: process.env.AWS_REGION ?? "us-east-1",
  credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY },
  maxAttempts: Number(args["max-attempts"]),
  logger,
});

// The raw body, captured below the SDK's deserializer and handed on unchanged.
let lastRaw = null;
client.middlewareStack.add((next) => async (input) => {
  const result = await next(input);
  const chunks = [];
  for await (const chunk of result.response.body) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  lastRaw = body.toString("utf8");
  result.response.body = new Uint8Array(body);
  return result;
}, { step: "deserialize", priority: "low", name: "captureRawBody" });

const ts = (d) => { const s = d.toISOString(); return s.endsWith(".000Z") ? s.slice(0, 19) + "Z" : s; };
const replacer = function (k, v) { return this[k] instanceof Date ? ts(this[k]) : v; };

const operations = args.operation === "both" ? ["GetOpportunity", "GetAwsOpportunitySummary"] : [args.operation];
const lines = [];
let errors = 0;
for (const id of args.id) {
  for (const operation of operations) {
    const command = operation === "GetOpportunity"
      ? new sdk.GetOpportunityCommand({ Catalog: args.catalog, Identifier: id })
      : new sdk.GetAwsOpportunitySummaryCommand({ Catalog: args.catalog, RelatedOpportunityIdentifier: id });
    lastRaw = null;
    try {
      const output = await client.send(command);
      delete output.$metadata;
      lines.push({ Operation: operation, Id: id, Raw: JSON.parse(lastRaw), Output: JSON.parse(JSON.stringify(output, replacer)) });
    } catch (e) {
      errors++;
      const modeled = sdk[e.name];
      lines.push({ Operation: operation, Id: id, Error: {
        name: e.name, message: e.message, httpStatusCode: e.$metadata?.httpStatusCode ?? null,
        isModeledClass: typeof modeled === "function" && e instanceof modeled && e.constructor === modeled,
        fault: e.$fault ?? null } });
    }
  }
}
const text = lines.map((l) => JSON.stringify(l)).join("\n") + "\n";
if (args.out) fs.writeFileSync(args.out, text); else process.stdout.write(text);
client.destroy();
console.error(`get-details: calls=${lines.length} errors=${errors} warnings=${warnings}`);
process.exitCode = args["fail-on-warning"] && warnings > 0 ? 3 : 0;
