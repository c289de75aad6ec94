#!/usr/bin/env python3
"""Conformance of partnerdesk-emulator, judged by the official AWS clients.

The official AWS SDK for JavaScript v3 (tests/peers/node_modules, driven by js-list-all.mjs)
lists the emulator's data for every filter and every sort key in both orders with zero SDK
warnings; the ids must equal, in order, what this script computes itself from the dataset
(--dump-data) with the documented semantics (emulator/README.md). It gets the right errors,
and lists exactly under injected faults. The AWS CLI (Debian's /usr/bin/aws taught the service
by ../shared/peers/awscli) must list the same ids in the same order for a few queries.
GetOpportunity and GetAwsOpportunitySummary: the JS SDK (js-get-details.mjs) parses every member
of a sample of answers (edge titles included) back to the emulator's JSON with zero warnings and
gets ResourceNotFoundException / AccessDeniedException as its modelled classes; the AWS CLI and
partnerdesk-cli (--cli) print the same bytes and exit codes for the same calls.

    run-conformance.py --emulator PATH --work DIR [--cli PATH] [--shared DIR] [--peers DIR]
                       [--skip-awscli]

Extending: add a query in build_queries() (JS runs every query), a name to CLI_QUERIES, or a client
function like run_js()/run_cli() returning ids and call it from main(). Exit status 0 when
every check passed.
"""

import argparse
import concurrent.futures
import datetime
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "7"
COUNT = "2000"
SANDBOX_COUNT = "200"

# --- the emulator's documented semantics, implemented independently -------------------------


def parse_ms(text):
    """RFC 3339 to milliseconds since the epoch (sub-millisecond digits truncated)."""
    t = datetime.datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    return (t - epoch) // datetime.timedelta(milliseconds=1)


def company(o):
    return o.get("Customer", {}).get("Account", {}).get("CompanyName")


def life_cycle(o, member):
    return o.get("LifeCycle", {}).get(member)


def in_range(value, after, before):
    if after is None and before is None:
        return True
    if value is None:
        return False
    return (after is None or value >= after) and (before is None or value < before)


def matches(o, q):
    if o["Catalog"] != q["Catalog"]:
        return False
    if q.get("Identifier") and o.get("Id") not in q["Identifier"]:
        return False
    if q.get("LifeCycleStage") and life_cycle(o, "Stage") not in q["LifeCycleStage"]:
        return False
    if q.get("LifeCycleReviewStatus") and life_cycle(o, "ReviewStatus") not in q["LifeCycleReviewStatus"]:
        return False
    if q.get("CustomerCompanyName"):
        name = company(o)
        if name is None or not any(n.lower() in name.lower() for n in q["CustomerCompanyName"]):
            return False
    for member, field in (("LastModifiedDate", "LastModifiedDate"), ("CreatedDate", "CreatedDate")):
        bounds = q.get(member, {})
        after = bounds.get("After" + member)
        before = bounds.get("Before" + member)
        value = parse_ms(o[field]) if o.get(field) else None
        if not in_range(value, after and parse_ms(after), before and parse_ms(before)):
            return False
    close = q.get("TargetCloseDate", {})
    if not in_range(life_cycle(o, "TargetCloseDate"), close.get("AfterTargetCloseDate"),
                    close.get("BeforeTargetCloseDate")):
        return False
    return True


def id_key(o):
    i = o.get("Id")
    return (i is None, len(i or ""), i or "")


def sort_value(o, sort_by):
    if sort_by in ("LastModifiedDate", "CreatedDate"):
        return parse_ms(o[sort_by]) if o.get(sort_by) else None
    if sort_by == "Identifier":
        return (len(o["Id"]), o["Id"]) if o.get("Id") else None
    if sort_by == "CustomerCompanyName":
        name = company(o)
        return None if name is None else name.lower().encode("utf-8")
    return life_cycle(o, "TargetCloseDate")


def expected_ids(data, q):
    rows = [o for o in data if matches(o, q)]
    sort = q.get("Sort", {"SortBy": "LastModifiedDate", "SortOrder": "DESCENDING"})
    descending = sort["SortOrder"] == "DESCENDING"
    # Ties, and the rows without a value (last in both orders), by Id in the sort's direction:
    # the emulator's tie-break (the service documents none). Python's sort is stable also with
    # reverse=True, so the sort by value keeps that order among equal values.
    present = sorted((o for o in rows if sort_value(o, sort["SortBy"]) is not None), key=id_key,
                     reverse=descending)
    missing = sorted((o for o in rows if sort_value(o, sort["SortBy"]) is None), key=id_key,
                     reverse=descending)
    present.sort(key=lambda o: sort_value(o, sort["SortBy"]), reverse=descending)
    return [o.get("Id") for o in present + missing]


# --- queries -----------------------------------------------------------------------------------


def build_queries(data):
    aws = [o for o in data if o["Catalog"] == "AWS"]
    stamps = sorted({o["LastModifiedDate"] for o in aws if o.get("LastModifiedDate")})
    some_ids = [o["Id"] for o in aws[::157]][:19] + ["O999999999"]
    queries = {}
    for key in ("LastModifiedDate", "Identifier", "CustomerCompanyName", "CreatedDate", "TargetCloseDate"):
        for order in ("ASCENDING", "DESCENDING"):
            queries[f"sort {key} {order}"] = {"Catalog": "AWS", "Sort": {"SortBy": key, "SortOrder": order}}
    queries["default sort, default page size"] = {"Catalog": "AWS", "_page_size": None}
    queries["company: case-insensitive substring, any of"] = {
        "Catalog": "AWS", "CustomerCompanyName": ["müller", "ACME", "söhne"]}
    queries["company: CJK, sorted by name descending"] = {
        "Catalog": "AWS", "CustomerCompanyName": ["株式会社", "公司"],
        "Sort": {"SortBy": "CustomerCompanyName", "SortOrder": "DESCENDING"}}
    queries["company: leading =, +, - and a newline"] = {
        "Catalog": "AWS", "CustomerCompanyName": ["=", "+1", "-minus", "\n"]}
    queries["identifier: exact, any of"] = {"Catalog": "AWS", "Identifier": some_ids}
    queries["stage: any of"] = {"Catalog": "AWS", "LifeCycleStage": ["Closed Lost", "Technical Validation"]}
    queries["review status: any of"] = {"Catalog": "AWS", "LifeCycleReviewStatus": ["In review", "Action Required"]}
    queries["last modified: After inclusive, Before exclusive"] = {
        "Catalog": "AWS", "LastModifiedDate": {"AfterLastModifiedDate": stamps[len(stamps) // 3],
                                               "BeforeLastModifiedDate": stamps[len(stamps) // 2]},
        "Sort": {"SortBy": "LastModifiedDate", "SortOrder": "ASCENDING"}}
    queries["created: offset time zone"] = {
        "Catalog": "AWS", "CreatedDate": {"AfterCreatedDate": "2025-06-01T02:00:00+02:00",
                                          "BeforeCreatedDate": "2026-01-01T00:00:00.500Z"}}
    queries["target close date: range, sorted"] = {
        "Catalog": "AWS", "TargetCloseDate": {"AfterTargetCloseDate": "2026-01-01",
                                              "BeforeTargetCloseDate": "2026-07-01"},
        "Sort": {"SortBy": "TargetCloseDate", "SortOrder": "ASCENDING"}}
    queries["combined filters, identifier descending"] = {
        "Catalog": "AWS", "LifeCycleStage": ["Prospect", "Qualified", "Committed"],
        "LifeCycleReviewStatus": ["Approved", "Submitted"], "CustomerCompanyName": ["a"],
        "LastModifiedDate": {"AfterLastModifiedDate": "2024-06-01T00:00:00Z"},
        "Sort": {"SortBy": "Identifier", "SortOrder": "DESCENDING"}}
    queries["sandbox catalog"] = {"Catalog": "Sandbox"}
    return queries


# Wire variants and faults a client must cope with, all in one instance.
VARIANTS = ["--short-pages", "--trailing-empty-page", "--explicit-nulls", "--ascii-json", "--bare-error-types",
            "--no-error-type-header", "--throttle-every", "6", "--spike-every", "7", "--spike-ms", "150",
            "--deny-catalog", "Sandbox"]

CLI_QUERIES = [
    "company: case-insensitive substring, any of",  # against the VARIANTS instance
    "sort LastModifiedDate DESCENDING",
    "combined filters, identifier descending",
    "target close date: range, sorted",
]

# --- clients -------------------------------------------------------------------------------------


class Failure(Exception):
    pass


def js_args(q):
    args = ["--catalog", q["Catalog"]]
    if "Sort" in q:
        args += ["--sort-by", q["Sort"]["SortBy"], "--sort-order", q["Sort"]["SortOrder"]]
    for member, option in (("Identifier", "identifier"), ("LifeCycleStage", "stage"),
                           ("LifeCycleReviewStatus", "review-status"), ("CustomerCompanyName", "company")):
        args += [f"--{option}={v}" for v in q.get(member, [])]
    for member, prefix in (("LastModifiedDate", "modified"), ("CreatedDate", "created")):
        for side in ("After", "Before"):
            value = q.get(member, {}).get(side + member)
            if value:
                args.append(f"--{prefix}-{side.lower()}={value}")
    for side in ("After", "Before"):
        value = q.get("TargetCloseDate", {}).get(side + "TargetCloseDate")
        if value:
            args.append(f"--close-{side.lower()}={value}")
    return args


class Harness:
    def __init__(self, opts):
        self.opts = opts
        self.work = Path(opts.work)
        self.work.mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ)
        for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
            self.env.pop(name, None)
        self.env.update({"AWS_ACCESS_KEY_ID": "AKIDCONFORMANCE", "AWS_SECRET_ACCESS_KEY": secrets.token_hex(20),
                         "AWS_REGION": "us-east-1", "PD_PEERS_DIR": str(Path(opts.peers).resolve()),
                         "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"})
        self.results = []
        self.counter = 0
        self.started = time.monotonic()

    def phase(self, name):
        print(f"---- {name} (t={time.monotonic() - self.started:.1f} s)", flush=True)

    def check(self, name, ok, detail=""):
        self.results.append((name, ok))
        print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok else ': ' + detail}", flush=True)

    # The emulator as a process: LISTENING line, SIGTERM, exit status 0.
    def start_emulator(self, *extra):
        log = self.work / f"emulator-{len(self.results)}-{time.monotonic_ns()}.log"
        process = subprocess.Popen(
            [self.opts.emulator, "--port", "0", "--count", COUNT, "--sandbox-count", SANDBOX_COUNT,
             "--seed", SEED, "--log", str(log), *extra],
            env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = process.stdout.readline()
        if not line.startswith("LISTENING "):
            process.kill()
            raise Failure(f"emulator did not start: {line!r} {process.stderr.read()}")
        process.url = f"http://127.0.0.1:{int(line.split()[1])}"
        process.log = log
        return process

    def stop_emulator(self, process, name):
        process.send_signal(signal.SIGTERM)
        try:
            status = process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            status = "hung"
        self.check(f"{name}: emulator stops cleanly on SIGTERM", status == 0, f"exit status {status}")

    def run_js(self, url, q, extra=(), env=None, page_size=100):
        self.counter += 1
        out = self.work / f"js-{self.counter}.jsonl"
        stats = self.work / f"js-{self.counter}.json"
        cmd = ["node", str(HERE / "js-list-all.mjs"), "--endpoint-url", url, "--out", str(out),
               "--stats-json", str(stats), *js_args(q), *extra]
        if page_size is not None:
            cmd += ["--page-size", str(page_size)]
        done = subprocess.run(cmd, env={**self.env, **(env or {})}, capture_output=True, text=True,
                              timeout=120)
        summary = json.loads(stats.read_text()) if stats.exists() else {}
        ids = [json.loads(line)["Id"] for line in out.read_text().splitlines()] if out.exists() else []
        return done.returncode, ids, summary, done.stderr.strip().splitlines()[-1:]

    def cli_env(self):
        state = Path(self.opts.awscli_state)
        return {**self.env, "AWSCLI_PEER_STATE": str(state), "AWS_BIN": "/usr/bin/aws"}

    def run_cli(self, url, q, extra_env=None):
        self.counter += 1
        out = self.work / f"cli-{self.counter}.json"
        query = {k: v for k, v in q.items() if not k.startswith("_") and k != "Catalog"}
        input_file = self.work / f"cli-{self.counter}-input.json"
        input_file.write_text(json.dumps(query, ensure_ascii=False))
        cmd = [str(Path(self.opts.shared) / "peers/awscli/list-all.sh"), "--endpoint-url", url,
               "--catalog", q["Catalog"], "--page-size", "100", "--out", str(out),
               "--", "--cli-input-json", f"file://{input_file}"]
        done = subprocess.run(cmd, env={**self.cli_env(), **(extra_env or {})}, capture_output=True,
                              text=True, timeout=120)
        ids = []
        if done.returncode == 0:
            ids = [o.get("Id") for o in json.loads(out.read_text())["OpportunitySummaries"]]
        return done.returncode, ids, done.stderr


# --- GetOpportunity and GetAwsOpportunitySummary --------------------------------------------------

DETAIL_COMMANDS = {"GetOpportunity": ("get-opportunity", "--identifier"),
                   "GetAwsOpportunitySummary": ("get-aws-opportunity-summary", "--related-opportunity-identifier")}


def model_paths(shared, shape):
    """Every member path of a model shape, lists as "[]" (the newest botocore model)."""
    model = json.loads((Path(shared) / "reference/api/botocore/2022-07-26/service-2.json").read_text())["shapes"]
    paths = set()

    def walk(name, prefix):
        s = model[name]
        if s["type"] == "structure":
            for member, target in s["members"].items():
                path = f"{prefix}.{member}" if prefix else member
                paths.add(path)
                walk(target["shape"], path)
        elif s["type"] == "list":
            walk(s["member"]["shape"], prefix + "[]")
    walk(shape, "")
    return paths


def json_paths(value, prefix="", paths=None):
    paths = set() if paths is None else paths
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            paths.add(path)
            json_paths(item, path, paths)
    elif isinstance(value, list):
        for item in value:
            json_paths(item, prefix + "[]", paths)
    return paths


def edge_title_kinds(title):
    kinds = set()
    if title.startswith("="):
        kinds.add("formula")
    if len(title) == 255:
        kinds.add("255 characters")
    if "\n" in title:
        kinds.add("line break")
    for c in title:
        if 0x3040 <= ord(c) <= 0x9FFF:
            kinds.add("CJK")
        if 0x0590 <= ord(c) <= 0x08FF:
            kinds.add("right-to-left")
        if ord(c) > 0xFFFF:
            kinds.add("emoji")
    return kinds


def run_js_details(h, url, ids, operation="both"):
    h.counter += 1
    out = h.work / f"js-details-{h.counter}.jsonl"
    cmd = ["node", str(HERE / "js-get-details.mjs"), "--endpoint-url", url, "--operation", operation,
           "--out", str(out), "--fail-on-warning", *[f"--id={i}" for i in ids]]
    done = subprocess.run(cmd, env=h.env, capture_output=True, text=True, timeout=300)
    lines = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    return done.returncode, lines, done.stderr.strip().splitlines()[-1:]


def run_cli_detail(h, program, url, operation, opportunity_id):
    """One get-* call through the AWS CLI (program None) or partnerdesk-cli: rc, stdout, stderr."""
    command, option = DETAIL_COMMANDS[operation]
    if program is None:
        state = Path(h.opts.awscli_state)
        env = {k: v for k, v in h.env.items() if k not in ("AWS_DATA_PATH", "AWS_PROFILE", "AWS_DEFAULT_PROFILE")}
        # config-wire: timestamps as received, like partnerdesk-cli.
        env.update({"HOME": str(state / "home"), "AWS_CONFIG_FILE": str(state / "config-wire"),
                    "AWS_SHARED_CREDENTIALS_FILE": str(state / "credentials.empty"), "AWS_PAGER": ""})
        cmd = ["/usr/bin/aws", "partnercentral-selling", command]
    else:
        env = h.env
        cmd = [program, command]
    cmd += ["--catalog", "AWS", option, opportunity_id, "--endpoint-url", url, "--output", "json"]
    done = subprocess.run(cmd, env=env, capture_output=True, timeout=120)
    return done.returncode, done.stdout, done.stderr.decode("utf-8", "replace").strip()


def check_details(h, pool, data, main_url, shared):
    """The detail operations, judged by the JS SDK and (unless skipped) the AWS CLI."""
    aws_ids = [o["Id"] for o in data if o["Catalog"] == "AWS"]
    sample = aws_ids[:400] + ["O999999999"]
    rc, lines, tail = run_js_details(h, main_url, sample)
    answers = [l for l in lines if "Raw" in l]
    mismatched = [l["Id"] + " " + l["Operation"] for l in answers if l["Raw"] != l["Output"]]
    h.check(f"JS SDK parses {len(answers)} GetOpportunity/GetAwsOpportunitySummary answers back to the "
            f"emulator's JSON, no warnings", rc == 0 and len(lines) == 2 * len(sample) and not mismatched
            and len(answers) > len(sample), f"rc={rc} {tail} {mismatched[:5]}")
    for operation, shape in (("GetOpportunity", "GetOpportunityResponse"),
                             ("GetAwsOpportunitySummary", "GetAwsOpportunitySummaryResponse")):
        seen = set()
        for l in answers:
            if l["Operation"] == operation:
                json_paths(l["Output"], "", seen)
        missing = sorted(model_paths(shared, shape) - seen)
        h.check(f"every member of {shape} (botocore 2026-08-04) round-trips through the JS SDK", not missing,
                f"missing: {missing}")
    titles = {l["Id"]: l["Raw"].get("Project", {}).get("Title", "") for l in answers if l["Operation"] == "GetOpportunity"}
    kinds = set()
    for title in titles.values():
        kinds |= edge_title_kinds(title)
    wanted = {"formula", "255 characters", "line break", "CJK", "right-to-left", "emoji"}
    h.check("the sample includes titles with formulas, 255 characters, CJK, RTL, emoji and line breaks",
            wanted <= kinds, f"only {sorted(kinds)}")
    errors = [l for l in lines if "Error" in l]
    wrong = [l for l in errors if not (l["Error"]["name"] == "ResourceNotFoundException"
                                       and l["Error"]["isModeledClass"] and l["Error"]["httpStatusCode"] == 404)]
    unknown = [l for l in errors if l["Id"] == "O999999999"]
    no_summary = [l for l in errors if l["Operation"] == "GetAwsOpportunitySummary" and l["Id"] != "O999999999"]
    h.check(f"JS SDK gets ResourceNotFoundException (modelled class, 404) for an unknown id and for "
            f"{len(no_summary)} opportunities without an AWS summary",
            not wrong and len(unknown) == 2 and len(no_summary) > 0, f"{wrong[:3]} {len(unknown)}")

    denied = h.start_emulator("--deny-operation", "GetOpportunity")
    try:
        rc, lines, tail = run_js_details(h, denied.url, aws_ids[:3])
        detail = [l.get("Error") for l in lines if l["Operation"] == "GetOpportunity"]
        others = [l for l in lines if l["Operation"] == "GetAwsOpportunitySummary"]
        h.check("JS SDK gets AccessDeniedException (modelled class, 403) for a denied GetOpportunity; "
                "GetAwsOpportunitySummary still answers",
                rc == 0 and len(detail) == 3 and all(e and e["name"] == "AccessDeniedException" and e["isModeledClass"]
                                                     and e["httpStatusCode"] == 403 for e in detail)
                and any("Raw" in l for l in others), f"rc={rc} {tail} {detail}")
        query = {"Catalog": "AWS", "Sort": {"SortBy": "Identifier", "SortOrder": "ASCENDING"}}
        rc, ids, summary, tail = h.run_js(denied.url, query, ["--fail-on-warning"])
        h.check("listing still works with GetOpportunity denied", rc == 0 and ids == expected_ids(data, query),
                f"rc={rc} {tail}")

        if h.opts.skip_awscli or not Path("/usr/bin/aws").exists():
            return
        # The AWS CLI and partnerdesk-cli print the same bytes for the same calls.
        edge = []
        for kind in ("255 characters", "line break", "right-to-left", "emoji", "formula"):
            edge += [i for i, t in titles.items() if kind in edge_title_kinds(t)][:1]
        calls = [(main_url, op, i) for i in dict.fromkeys(edge + aws_ids[:2]) for op in DETAIL_COMMANDS]
        calls += [(main_url, "GetOpportunity", "O999999999"), (denied.url, "GetOpportunity", aws_ids[0])]
        futures = [(call, pool.submit(run_cli_detail, h, None, *call)) for call in calls]
        for (url, operation, opportunity_id), future in futures:
            aws_rc, aws_out, aws_err = future.result()
            if not h.opts.cli:
                h.check(f"AWS CLI {DETAIL_COMMANDS[operation][0]} {opportunity_id}", aws_rc in (0, 254), aws_err[-300:])
                continue
            pd_rc, pd_out, pd_err = run_cli_detail(h, h.opts.cli, url, operation, opportunity_id)
            what = "an error" if aws_rc else f"{len(aws_out)} bytes"
            h.check(f"partnerdesk-cli {DETAIL_COMMANDS[operation][0]} {opportunity_id} prints what the AWS CLI "
                    f"prints ({what}, exit {aws_rc})",
                    aws_rc == pd_rc and aws_out == pd_out and aws_err == pd_err,
                    f"rc {pd_rc} vs {aws_rc}; stdout equal: {aws_out == pd_out}; stderr {pd_err[-200:]!r} vs "
                    f"{aws_err[-200:]!r}")
    finally:
        h.stop_emulator(denied, "GetOpportunity denied instance")


def compare(expected, got):
    if expected == got:
        return ""
    for i, (a, b) in enumerate(zip(expected, got)):
        if a != b:
            return f"first difference at {i}: expected {a}, got {b} (expected {len(expected)}, got {len(got)})"
    return f"expected {len(expected)} ids, got {len(got)}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--emulator", required=True)
    parser.add_argument("--work", required=True, help="scratch directory (outputs, logs, CLI state)")
    parser.add_argument("--cli", help="partnerdesk-cli, compared with the AWS CLI for the detail commands")
    parser.add_argument("--shared", default=str(HERE.parents[2] / "shared"))
    parser.add_argument("--peers", default=str(HERE.parent / "peers"))
    parser.add_argument("--awscli-state", help="AWSCLI_PEER_STATE (default: WORK/awscli-state)")
    parser.add_argument("--skip-awscli", action="store_true")
    parser.add_argument("--jobs", type=int, default=2)
    opts = parser.parse_args()
    opts.awscli_state = opts.awscli_state or str(Path(opts.work) / "awscli-state")

    if not (Path(opts.peers) / "node_modules/@aws-sdk/client-partnercentral-selling").is_dir():
        print(f"FAIL the JS SDK is not installed in {opts.peers}/node_modules: run scripts/install-deps.sh --test")
        return 1
    if not shutil.which("node"):
        print("FAIL node is not installed: run scripts/install-deps.sh --test")
        return 1
    h = Harness(opts)

    dump = h.work / "dataset.json"
    subprocess.run([opts.emulator, "--dump-data", str(dump), "--count", COUNT, "--sandbox-count",
                    SANDBOX_COUNT, "--seed", SEED], env=h.env, check=True, capture_output=True)
    data = json.loads(dump.read_text())["OpportunitySummaries"]
    queries = build_queries(data)
    expected = {name: expected_ids(data, q) for name, q in queries.items()}

    main_emulator = h.start_emulator()
    variant_emulator = None
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=opts.jobs)
    try:
        h.phase("filters and sorts")
        # 1. Every filter, every sort key in both orders: exact ids, zero warnings.
        js_ids = {}
        futures = {name: pool.submit(h.run_js, main_emulator.url, q, ["--fail-on-warning"],
                                     page_size=q.get("_page_size", 100))
                   for name, q in queries.items()}
        for name, future in futures.items():
            rc, ids, summary, tail = future.result()
            js_ids[name] = ids
            h.check(f"JS SDK lists [{name}] ({len(expected[name])} ids, {summary.get('pages')} pages), "
                    f"no warnings", rc == 0 and summary.get("warnings") == 0 and ids == expected[name],
                    f"rc={rc} {tail} {compare(expected[name], ids)}")
        h.check("the queries exercise non-trivial results",
                all(len(expected[n]) > 0 for n in queries) and len(expected["sort Identifier ASCENDING"]) == int(COUNT))

        h.phase("errors")
        # 2. Errors.
        errors = [
            ("wrong secret", {"AWS_SECRET_ACCESS_KEY": "wrong"}, {}, "InvalidSignatureException"),
            ("unknown access key", {"AWS_ACCESS_KEY_ID": "AKIDUNKNOWN"}, {}, "UnrecognizedClientException"),
            ("MaxResults 101", {}, {"--max-results": "101"}, "ValidationException"),
            ("unknown stage", {}, {"--stage": "Won"}, "ValidationException"),
            ("review status with wrong case", {}, {"--review-status": "In Review"}, "ValidationException"),
            ("forged NextToken", {}, {"--starting-token": "bm90LWEtdG9rZW4"}, "ValidationException"),
        ]
        futures = []
        for name, env, args, error in errors:
            extra = [f"{k}={v}" for k, v in args.items()] + ["--expect-error", error, "--max-attempts", "1"]
            futures.append((name, error, pool.submit(h.run_js, main_emulator.url, {"Catalog": "AWS"}, extra, env)))
        for name, error, future in futures:
            rc, _, summary, tail = future.result()
            detail = summary.get("error") or {}
            ok = rc == 0 and detail.get("name") == error and summary.get("warnings") == 0
            if error == "ValidationException":
                ok = ok and detail.get("isModeledClass") and detail.get("Reason") == "REQUEST_VALIDATION_FAILED" \
                    and bool(detail.get("ErrorList"))
            h.check(f"JS SDK gets {error} for {name}", ok, f"rc={rc} {tail} {detail}")

        h.phase("faults")
        # 3. Faults: the listing is exact after the SDK's retries.
        reference = "sort LastModifiedDate DESCENDING"
        faults = [
            ("throttling 429 every 4th request", ["--throttle-every", "4"], reference, 100),
            ("throttling as 400 every 4th request", ["--throttle-every", "4", "--throttle-status", "400"],
             reference, 100),
            ("InternalServerException every 3rd request", ["--error-every", "3"], reference, 100),
            ("connection dropped mid-body every 5th request", ["--drop-every", "5"], reference, 100),
            ("server clock 10 minutes ahead", ["--clock-skew-s", "600"], reference, 100),
            ("latency 30 ms and a rate limit of 4 requests/s", ["--latency-ms", "30", "--rate-limit", "4"],
             "stage: any of", 25),
            ("wire variants (short pages, trailing empty page, explicit nulls, escaped non-ASCII, bare "
             "__type without x-amzn-ErrorType), throttling and latency spikes", VARIANTS, reference, 100),
        ]
        instances = [(name, h.start_emulator(*args), query, size) for name, args, query, size in faults]
        futures = [(name, emu, query, pool.submit(h.run_js, emu.url, queries[query],
                                                  ["--fail-on-warning", "--max-attempts", "10"], None, size))
                   for name, emu, query, size in instances]
        for name, emu, query, future in futures:
            rc, ids, summary, tail = future.result()
            h.check(f"JS SDK lists exactly under {name} (retries={summary.get('retries')})",
                    rc == 0 and ids == expected[query] and summary.get("retries", 0) > 0,
                    f"rc={rc} {tail} {compare(expected[query], ids)}")
            if emu is not instances[-1][1]:
                h.stop_emulator(emu, name)
        variant_emulator = instances[-1][1]
        rc, _, summary, tail = h.run_js(variant_emulator.url, {"Catalog": "Sandbox"},
                                        ["--expect-error", "AccessDeniedException", "--max-attempts", "1"])
        detail = summary.get("error") or {}
        h.check("JS SDK gets AccessDeniedException for a denied catalog (bare __type, no header)",
                rc == 0 and detail.get("isModeledClass") and detail.get("httpStatusCode") == 403,
                f"rc={rc} {tail} {detail}")

        h.phase("AWS CLI")
        # 4. The AWS CLI: same ids, same order as the JS SDK (at most 8 aws processes, set-up
        # included).
        if not opts.skip_awscli:
            if not Path("/usr/bin/aws").exists():
                h.check("AWS CLI installed at /usr/bin/aws", False, "run scripts/install-deps.sh --test")
            else:
                setup = subprocess.run([str(Path(opts.shared) / "peers/awscli/setup.sh")], env=h.cli_env(),
                                       capture_output=True, text=True, timeout=120)
                h.check("AWS CLI peer set up", setup.returncode == 0, setup.stderr[-500:])
                # The first query goes to the instance with the wire variants and faults.
                futures = [(name, pool.submit(h.run_cli, variant_emulator.url if i == 0 else main_emulator.url,
                                              queries[name]))
                           for i, name in enumerate(CLI_QUERIES)]
                futures.append(("wrong secret", pool.submit(h.run_cli, main_emulator.url, {"Catalog": "AWS"},
                                                            {"AWS_SECRET_ACCESS_KEY": "wrong"})))
                for name, future in futures:
                    rc, ids, stderr = future.result()
                    if name == "wrong secret":
                        h.check("AWS CLI gets InvalidSignatureException for a wrong secret",
                                rc == 254 and "InvalidSignatureException" in stderr, f"rc={rc} {stderr[-300:]}")
                        continue
                    h.check(f"AWS CLI lists [{name}] like the JS SDK ({len(ids)} ids)",
                            rc == 0 and ids == js_ids[name] == expected[name],
                            f"rc={rc} {stderr[-300:]} {compare(js_ids[name], ids)}")

        h.phase("GetOpportunity and GetAwsOpportunitySummary")
        # 5. The detail operations: every member round-trips, modelled errors, a denied operation.
        check_details(h, pool, data, main_emulator.url, opts.shared)
    except Failure as e:
        h.check("harness", False, str(e))
    finally:
        pool.shutdown(wait=True)
        if variant_emulator:
            h.stop_emulator(variant_emulator, "wire variants instance")
        h.stop_emulator(main_emulator, "main instance")

    log_lines = main_emulator.log.read_text().splitlines()
    secret = h.env["AWS_SECRET_ACCESS_KEY"]
    h.check("emulator log: one line per request, no secret or company name",
            len(log_lines) > 100 and not any(secret in l or "Müller" in l or "Signature=" in l for l in log_lines))

    failed = [name for name, ok in h.results if not ok]
    print(f"conformance: {len(h.results) - len(failed)} passed, {len(failed)} failed, "
          f"{time.monotonic() - h.started:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
