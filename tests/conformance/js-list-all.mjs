#!/usr/bin/env node
// Lists every OpportunitySummary through the official AWS SDK for JavaScript v3
// (@aws-sdk/client-partnercentral-selling, paginateListOpportunities).
// Conformance peer (the SDK must parse every response without warnings) and
// performance peer. Adapted from ../shared/peers/jssdk/list-all.mjs; driven by
// run-conformance.py.
//
// stdout: one JSON object per summary (unless --csv / --out / --quiet)
// stderr: "list-all: count=N pages=P elapsed_ms=T rate=R/s retries=X warnings=W"
// exit:   0 ok | 1 --expect-error mismatch | 2 request failed | 3 warnings with --fail-on-warning | 64 usage
import fs from "node:fs";
import crypto from "node:crypto";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true"; // Node 20 notice, not a protocol warning
// The SDK is installed from tests/peers/package-lock.json into tests/peers/node_modules
// (scripts/install-deps.sh --test); PD_PEERS_DIR points elsewhere.
const peersDir = process.env.PD_PEERS_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../peers");
const requireFromPeers = createRequire(path.join(peersDir, "package.json"));
const { PartnerCentralSellingClient, paginateListOpportunities } = requireFromPeers("@aws-sdk/client-partnercentral-selling");

const USAGE = `usage: node tests/conformance/js-list-all.mjs --endpoint-url URL [options]
  credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (env, static)
  --region R             (default $AWS_REGION or us-east-1)
  --catalog C            (default AWS)
  --page-size N          MaxResults per page (omitted -> server default 20)
  --max-results N        raw MaxResults value sent as-is (for negative tests; overrides --page-size)
  --sort-by F            LastModifiedDate|Identifier|CustomerCompanyName|CreatedDate|TargetCloseDate
  --sort-order O         ASCENDING|DESCENDING (default DESCENDING when --sort-by is given)
  --identifier ID        repeatable
  --stage S              repeatable (e.g. "Closed Lost")
  --review-status S      repeatable
  --company NAME         repeatable (CustomerCompanyName)
  --modified-after T  --modified-before T   (ISO 8601)
  --created-after T   --created-before T    (ISO 8601)
  --close-after D     --close-before D      (YYYY-MM-DD)
  --starting-token T     start from this NextToken
  --max-pages N          stop after N pages
  --csv FILE             write CSV instead of JSON lines (RFC 4180, CRLF, UTF-8)
  --csv-neutralize       prefix cells starting with = + - @ TAB CR with a single quote
  --out FILE             write JSON lines to FILE instead of stdout
  --quiet                do not write records at all
  --max-attempts N       SDK retry attempts (default 3)
  --clock-offset-ms MS   initial SDK systemClockOffset (simulate a skewed client clock)
  --expect-error NAME    succeed (exit 0) only if the listing fails with this error name
  --fail-on-warning      exit 3 if the SDK emitted any warning
  --stats-json FILE      write a JSON summary (count, pages, idsSha256, ...) to FILE`;

let args;
try {
  args = parseArgs({
    options: {
      "endpoint-url": { type: "string" },
      region: { type: "string" },
      catalog: { type: "string", default: "AWS" },
      "page-size": { type: "string" },
      "max-results": { type: "string" },
      "sort-by": { type: "string" },
      "sort-order": { type: "string" },
      identifier: { type: "string", multiple: true },
      stage: { type: "string", multiple: true },
      "review-status": { type: "string", multiple: true },
      company: { type: "string", multiple: true },
      "modified-after": { type: "string" },
      "modified-before": { type: "string" },
      "created-after": { type: "string" },
      "created-before": { type: "string" },
      "close-after": { type: "string" },
      "close-before": { type: "string" },
      "starting-token": { type: "string" },
      "max-pages": { type: "string" },
      csv: { type: "string" },
      "csv-neutralize": { type: "boolean", default: false },
      out: { type: "string" },
      quiet: { type: "boolean", default: false },
      "max-attempts": { type: "string", default: "3" },
      "clock-offset-ms": { type: "string" },
      "expect-error": { type: "string" },
      "fail-on-warning": { type: "boolean", default: false },
      "stats-json": { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  }).values;
} catch (e) {
  console.error(`${e.message}\n${USAGE}`);
  process.exit(64);
}
if (args.help) { console.log(USAGE); process.exit(0); }
if (!args["endpoint-url"]) { console.error(USAGE); process.exit(64); }
const usage = (m) => { console.error(`list-all: ${m}`); process.exit(64); };
const date = (name) => {
  const v = args[name];
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) usage(`--${name}: not a date: ${v}`);
  return d;
};
if (!process.env.AWS_ACCESS_KEY_ID || !process.env.AWS_SECRET_ACCESS_KEY) usage("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");

// ---- warning accounting: every warning the SDK prints counts against conformance
// (logger.error is how the SDK reports a failed command; that failure is
// summarised below and is not counted as a warning.)
let warnings = 0;
const origWarn = console.warn.bind(console);
console.warn = (...a) => { warnings++; origWarn("[sdk warn]", ...a); };
const logger = {
  trace() {}, debug() {}, info() {},
  warn: (...a) => { warnings++; origWarn("[sdk logger.warn]", ...a); },
  error: () => {},
};

const client = new PartnerCentralSellingClient({
  endpoint: args["endpoint-url"],
  region: args.region ?? process.env.AWS_REGION ?? "us-east-1",
  credentials: {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID,
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
    ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
  },
  maxAttempts: Number(args["max-attempts"]),
  logger,
  ...(args["clock-offset-ms"] !== undefined ? { systemClockOffset: Number(args["clock-offset-ms"]) } : {}),
});

// ---- request input
const input = { Catalog: args.catalog };
if (args["max-results"] !== undefined) input.MaxResults = Number(args["max-results"]);
if (args["sort-by"] || args["sort-order"]) input.Sort = { SortBy: args["sort-by"], SortOrder: args["sort-order"] ?? "DESCENDING" };
if (args.identifier) input.Identifier = args.identifier;
if (args.stage) input.LifeCycleStage = args.stage;
if (args["review-status"]) input.LifeCycleReviewStatus = args["review-status"];
if (args.company) input.CustomerCompanyName = args.company;
const lmA = date("modified-after"), lmB = date("modified-before");
if (lmA || lmB) input.LastModifiedDate = { AfterLastModifiedDate: lmA, BeforeLastModifiedDate: lmB };
const cdA = date("created-after"), cdB = date("created-before");
if (cdA || cdB) input.CreatedDate = { AfterCreatedDate: cdA, BeforeCreatedDate: cdB };
if (args["close-after"] || args["close-before"]) input.TargetCloseDate = { AfterTargetCloseDate: args["close-after"], BeforeTargetCloseDate: args["close-before"] };
const pageSize = args["page-size"] !== undefined ? Number(args["page-size"]) : undefined;
const maxPages = args["max-pages"] !== undefined ? Number(args["max-pages"]) : Infinity;

// ---- output
const ts = (d) => { const s = d.toISOString(); return s.endsWith(".000Z") ? s.slice(0, 19) + "Z" : s; };
const replacer = function (k, v) { return this[k] instanceof Date ? ts(this[k]) : v; };
const CSV_COLUMNS = [
  ["Catalog", (o) => o.Catalog], ["Id", (o) => o.Id], ["Arn", (o) => o.Arn],
  ["PartnerOpportunityIdentifier", (o) => o.PartnerOpportunityIdentifier], ["OpportunityType", (o) => o.OpportunityType],
  ["CreatedDate", (o) => o.CreatedDate && ts(o.CreatedDate)], ["LastModifiedDate", (o) => o.LastModifiedDate && ts(o.LastModifiedDate)],
  ["Stage", (o) => o.LifeCycle?.Stage], ["ReviewStatus", (o) => o.LifeCycle?.ReviewStatus],
  ["ClosedLostReason", (o) => o.LifeCycle?.ClosedLostReason], ["TargetCloseDate", (o) => o.LifeCycle?.TargetCloseDate],
  ["NextSteps", (o) => o.LifeCycle?.NextSteps], ["ReviewComments", (o) => o.LifeCycle?.ReviewComments],
  ["ReviewStatusReason", (o) => o.LifeCycle?.ReviewStatusReason],
  ["CompanyName", (o) => o.Customer?.Account?.CompanyName], ["Industry", (o) => o.Customer?.Account?.Industry],
  ["OtherIndustry", (o) => o.Customer?.Account?.OtherIndustry], ["WebsiteUrl", (o) => o.Customer?.Account?.WebsiteUrl],
  ["City", (o) => o.Customer?.Account?.Address?.City], ["PostalCode", (o) => o.Customer?.Account?.Address?.PostalCode],
  ["StateOrRegion", (o) => o.Customer?.Account?.Address?.StateOrRegion], ["CountryCode", (o) => o.Customer?.Account?.Address?.CountryCode],
  ["DeliveryModels", (o) => o.Project?.DeliveryModels?.join(";")],
  ["ExpectedCustomerSpend", (o) => (o.Project?.ExpectedCustomerSpend ? JSON.stringify(o.Project.ExpectedCustomerSpend) : undefined)],
  ["ExpectedContractDurationValue", (o) => o.Project?.ExpectedContractDuration?.Value],
  ["ExpectedContractDurationTerm", (o) => o.Project?.ExpectedContractDuration?.Term],
];
const csvCell = (v) => {
  if (v === undefined || v === null) return "";
  let s = String(v);
  if (args["csv-neutralize"] && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
let sink = null;
if (args.csv) {
  sink = fs.createWriteStream(args.csv);
  sink.write(CSV_COLUMNS.map(([h]) => h).join(",") + "\r\n");
} else if (args.out) sink = fs.createWriteStream(args.out);
else if (!args.quiet) sink = process.stdout;
let buffer = [];
const flush = () => new Promise((resolve) => {
  if (!sink || !buffer.length) return resolve();
  const chunk = buffer.join("");
  buffer = [];
  if (sink.write(chunk)) resolve(); else sink.once("drain", resolve);
});

// ---- run
const idHash = crypto.createHash("sha256");
let count = 0, pages = 0, retries = 0, retryDelayMs = 0, emptyPages = 0;
const t0 = process.hrtime.bigint();
let failure = null;
try {
  for await (const page of paginateListOpportunities({ client, pageSize, startingToken: args["starting-token"] }, input)) {
    pages++;
    retries += Math.max(0, (page.$metadata?.attempts ?? 1) - 1);
    retryDelayMs += page.$metadata?.totalRetryDelay ?? 0;
    const items = page.OpportunitySummaries ?? [];
    if (!items.length) emptyPages++;
    for (const o of items) {
      count++;
      idHash.update(`${o.Id}\n`);
      if (!sink) continue;
      if (args.csv) buffer.push(CSV_COLUMNS.map(([, f]) => csvCell(f(o))).join(",") + "\r\n");
      else buffer.push(JSON.stringify(o, replacer) + "\n");
    }
    if (buffer.length >= 500) await flush();
    if (pages >= maxPages) break;
  }
} catch (e) {
  failure = e;
}
await flush();
const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
if (sink && sink !== process.stdout) await new Promise((r) => sink.end(r));
client.destroy();

const summary = {
  count, pages, emptyPages, elapsedMs: Math.round(elapsedMs), ratePerSec: Math.round(count / (elapsedMs / 1000)),
  retries, retryDelayMs, warnings, idsSha256: idHash.digest("hex"), error: null,
};
if (failure) {
  summary.error = {
    name: failure.name, message: failure.message, fault: failure.$fault ?? null,
    httpStatusCode: failure.$metadata?.httpStatusCode ?? null, requestId: failure.$metadata?.requestId ?? null,
    attempts: failure.$metadata?.attempts ?? null, Reason: failure.Reason, ErrorList: failure.ErrorList,
    isModeledClass: failure.constructor?.name === failure.name,
  };
}
console.error(`list-all: count=${count} pages=${pages} elapsed_ms=${summary.elapsedMs} rate=${summary.ratePerSec}/s retries=${retries} warnings=${warnings}` +
  (failure ? ` error=${failure.name} status=${summary.error.httpStatusCode}` : ""));
if (failure) console.error(`list-all: error ${JSON.stringify(summary.error)}`);
if (args["stats-json"]) fs.writeFileSync(args["stats-json"], JSON.stringify(summary, null, 1) + "\n");

let rc = 0;
if (args["expect-error"]) rc = failure && failure.name === args["expect-error"] ? 0 : 1;
else if (failure) rc = 2;
if (rc === 0 && args["fail-on-warning"] && warnings > 0) rc = 3;
process.exitCode = rc;
