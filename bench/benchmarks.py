#!/usr/bin/env python3
"""PartnerDesk's performance benchmarks (issue 7), run by bench/run-benchmarks.sh.

Every client runs against partnerdesk-emulator on loopback, side by side in the same run (the
rounds interleave the clients, so that a busy moment of the machine hits them alike), and the
medians of the runs are reported with their ratios:

  1. Full listing of 100,000 opportunities at page size 100, no added latency:
     partnerdesk-cli (--output json to /dev/null, --max-rps 0: the emulator has no quota here)
     vs the official JS SDK paginator (../shared/peers/jssdk/list-all.mjs --quiet) vs the AWS CLI
     (/usr/bin/aws with the botocore model of ../shared/peers/awscli, a private state dir).
     Wall time, and client CPU (user + sys of the process and its children, from wait4).
  2. 5,000 opportunities behind --latency-ms 250 --rate-limit 10: partnerdesk-cli partitioned
     (--max-concurrency 4 --max-rps 10) vs sequential (--max-concurrency 1) vs the JS SDK; every
     run's ids are compared with the first sequential run's, in order.
  3. GUI (pd-bench-gui, offscreen): launch -> first page painted (--demo); against 100,000
     opportunities in the emulator: the longest event-loop stall while loading every page, RSS per
     loaded opportunity, client-side sorts, CSV export.
  4. Client CPU per 1,000 summaries parsed and stored (pd-bench-store).
  5. Parsing one GetOpportunity answer (pd-bench-detail, the emulator's answers).
  6. The local copy, against an emulator of --count opportunities: partnerdesk-cli sync (a full
     sync into a new file) vs list-opportunities --output csv of the same data, and
     list-opportunities --from-store --output csv vs the live listing, side by side in rounds;
     then pd-bench-sync (the emulator in its process): incremental syncs that each find 100
     changed, the store's size per opportunity.

Prints a Markdown report (targets, measured values, met or not) and writes every raw figure as
JSON (--json).
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ACCESS_KEY = "AKIDPARTNERDESKDEMO"


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


class Result:
    def __init__(self, wall, cpu, rc, stderr):
        self.wall = wall
        self.cpu = cpu
        self.rc = rc
        self.stderr = stderr


def run(cmd, env, stdout=subprocess.DEVNULL, timeout=600):
    """Runs cmd; wall time and the CPU time (user + sys) of the process and of its children."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, env=env, stdout=stdout, stderr=subprocess.PIPE)
    timer = threading.Timer(timeout, process.kill)
    timer.start()
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    timer.cancel()
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Result(wall, usage.ru_utime + usage.ru_stime, process.returncode,
                  err.decode(errors="replace"))


class Emulator:
    def __init__(self, binary, secret, args, log_file=None):
        self.cmd = [str(binary), "--secret-key", secret, "--port", "0", *args]
        if log_file:
            self.cmd += ["--log", str(log_file)]
        self.log_file = log_file

    def __enter__(self):
        self.process = subprocess.Popen(self.cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        line = self.process.stdout.readline().decode().strip()
        if not line.startswith("LISTENING "):
            self.process.kill()
            raise RuntimeError(f"the emulator did not start: {line!r}")
        self.url = f"http://127.0.0.1:{line.split()[1]}"
        return self

    def log_lines(self):
        if not self.log_file or not Path(self.log_file).exists():
            return []
        return Path(self.log_file).read_text(errors="replace").splitlines()

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def median(values):
    return statistics.median(values) if values else float("nan")


def summarise(results):
    return {"wall_s": median([r.wall for r in results]), "cpu_s": median([r.cpu for r in results]),
            "walls": [round(r.wall, 3) for r in results], "cpus": [round(r.cpu, 3) for r in results],
            "runs": len(results)}


def json_ids(path):
    with open(path, encoding="utf-8") as f:
        return [o.get("Id") for o in json.load(f)["OpportunitySummaries"]]


def jsonl_ids(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line).get("Id") for line in f if line.strip()]


def count_ids(path):
    return Path(path).read_bytes().count(b'"Id":')


def gui_results(stdout):
    values = {}
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "RESULT":
            values[parts[1]] = float(parts[2])
    return values


class Bench:
    def __init__(self, opts):
        self.opts = opts
        self.root = Path(opts.root)
        self.build = Path(opts.build)
        self.work = Path(opts.work or tempfile.mkdtemp(prefix="pd-bench-"))
        self.work.mkdir(parents=True, exist_ok=True)
        self.secret = secrets.token_hex(20)
        self.cli = self.build / "app/cli/partnerdesk-cli"
        self.emulator = self.build / "app/emulator/partnerdesk-emulator"
        self.gui_bin = self.build / "bench/pd-bench-gui"
        self.store = self.build / "bench/pd-bench-store"
        self.detail = self.build / "bench/pd-bench-detail"
        self.sync_bin = self.build / "bench/pd-bench-sync"
        self.results = {}
        home = self.work / "home"
        (home / ".config").mkdir(parents=True, exist_ok=True)
        (self.work / "aws-config").write_text("")
        (self.work / "aws-credentials").write_text("")
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("AWS_") and k not in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy",
                                                         "https_proxy")}
        env.update({"AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": self.secret,
                    "AWS_REGION": "us-east-1", "AWS_CONFIG_FILE": str(self.work / "aws-config"),
                    "AWS_SHARED_CREDENTIALS_FILE": str(self.work / "aws-credentials"),
                    "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
                    "XDG_RUNTIME_DIR": str(self.work), "QT_QPA_PLATFORM": "offscreen",
                    "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
                    "LC_ALL": "C.UTF-8"})
        self.env = env

    # --- peers -------------------------------------------------------------------------------

    def js_command(self, url, extra):
        return ["node", str(self.jsdir / "list-all.mjs"), "--endpoint-url", url, "--catalog", "AWS",
                "--page-size", "100", *extra]

    def setup_peers(self):
        self.jsdir = None
        modules = self.root / "tests/peers/node_modules"
        script = Path(self.opts.shared) / "peers/jssdk/list-all.mjs"
        if shutil.which("node") and (modules / "@aws-sdk/client-partnercentral-selling").is_dir() \
                and script.is_file():
            # The official script as published, resolving the SDK of tests/peers.
            self.jsdir = self.work / "jssdk"
            self.jsdir.mkdir(exist_ok=True)
            shutil.copy(script, self.jsdir / "list-all.mjs")
            link = self.jsdir / "node_modules"
            if not link.exists():
                link.symlink_to(modules)
        else:
            log("JS SDK peer unavailable (node, tests/peers/node_modules or the script missing; "
                "scripts/install-deps.sh --test installs it): skipped")
        self.awscli = None
        setup = Path(self.opts.shared) / "peers/awscli/setup.sh"
        if not self.opts.skip_awscli and Path("/usr/bin/aws").exists() and setup.is_file():
            state = self.work / "awscli-state"
            done = subprocess.run([str(setup)], env={**self.env, "AWSCLI_PEER_STATE": str(state),
                                                      "AWS_BIN": "/usr/bin/aws"},
                                  capture_output=True, text=True)
            if done.returncode == 0:
                self.awscli_env = {k: v for k, v in self.env.items()
                                   if k not in ("AWS_DATA_PATH", "AWS_PROFILE", "AWS_DEFAULT_PROFILE")}
                self.awscli_env.update({"HOME": str(state / "home"),
                                        "AWS_CONFIG_FILE": str(state / "config-iso8601"),
                                        "AWS_SHARED_CREDENTIALS_FILE": str(state / "credentials.empty"),
                                        "AWS_PAGER": "", "AWS_EC2_METADATA_DISABLED": "true"})
                self.awscli = "/usr/bin/aws"
            else:
                log(f"AWS CLI peer setup failed, skipped: {done.stderr.strip()[-300:]}")
        elif not self.opts.skip_awscli:
            log("AWS CLI peer unavailable (/usr/bin/aws or ../shared/peers/awscli missing): skipped")

    def awscli_command(self, url):
        return [self.awscli, "partnercentral-selling", "list-opportunities", "--catalog", "AWS",
                "--endpoint-url", url, "--region", "us-east-1", "--output", "json",
                "--page-size", "100"]

    def pd_command(self, url, extra):
        return [str(self.cli), "list-opportunities", "--catalog", "AWS", "--endpoint-url", url,
                "--page-size", "100", "--output", "json", *extra]

    # --- 1 -----------------------------------------------------------------------------------

    def full_listing(self, emulator, count):
        url = emulator.url
        runs, cli_runs = self.opts.runs, self.opts.awscli_runs
        log(f"1. full listing of {count}: verifying every client's count")
        out = self.work / "pd-100k.json"
        with open(out, "wb") as f:
            check = run(self.pd_command(url, ["--max-rps", "0"]), self.env, stdout=f)
        if check.rc != 0 or count_ids(out) != count:
            raise RuntimeError(f"partnerdesk-cli listed {count_ids(out)} (rc {check.rc}): {check.stderr[-500:]}")
        if self.jsdir:
            check = run(self.js_command(url, ["--quiet"]), self.env)
            if check.rc != 0 or f"count={count} " not in check.stderr:
                raise RuntimeError(f"JS SDK: rc {check.rc}: {check.stderr[-500:]}")
        pd, js, cli = [], [], []
        for i in range(runs):
            log(f"1. round {i + 1}/{runs}")
            order = ["pd", "js", "cli"]
            for client in order[i % 3:] + order[:i % 3]:
                if client == "pd":
                    r = run(self.pd_command(url, ["--max-rps", "0"]), self.env)
                    assert r.rc == 0, r.stderr[-500:]
                    pd.append(r)
                elif client == "js" and self.jsdir:
                    r = run(self.js_command(url, ["--quiet"]), self.env)
                    assert r.rc == 0 and f"count={count} " in r.stderr, r.stderr[-500:]
                    js.append(r)
                elif client == "cli" and self.awscli and len(cli) < cli_runs:
                    out = self.work / "awscli-100k.json"
                    with open(out, "wb") as f:
                        r = run(self.awscli_command(url), self.awscli_env, stdout=f, timeout=900)
                    assert r.rc == 0, r.stderr[-500:]
                    if not cli:
                        listed = count_ids(out)
                        assert listed == count, f"AWS CLI listed {listed}"
                    cli.append(r)
        result = {"count": count, "partnerdesk_cli": summarise(pd)}
        if js:
            result["js_sdk"] = summarise(js)
            result["ratio_wall_js_over_pd"] = result["js_sdk"]["wall_s"] / result["partnerdesk_cli"]["wall_s"]
            result["ratio_cpu_js_over_pd"] = result["js_sdk"]["cpu_s"] / result["partnerdesk_cli"]["cpu_s"]
        if cli:
            result["aws_cli"] = summarise(cli)
            result["ratio_wall_awscli_over_pd"] = result["aws_cli"]["wall_s"] / result["partnerdesk_cli"]["wall_s"]
            result["ratio_cpu_awscli_over_pd"] = result["aws_cli"]["cpu_s"] / result["partnerdesk_cli"]["cpu_s"]
        self.results["full_listing"] = result

    # --- 2 -----------------------------------------------------------------------------------

    def latency_bound(self):
        count = 5000
        runs = self.opts.runs
        log_file = self.work / "emulator-5k.log"
        with Emulator(self.emulator, self.secret,
                      ["--count", str(count), "--latency-ms", "250", "--rate-limit", "10"],
                      log_file) as emulator:
            url = emulator.url
            clients = {
                "partitioned": lambda out: run(self.pd_command(url, ["--max-concurrency", "4", "--max-rps", "10"]),
                                               self.env, stdout=out),
                "sequential": lambda out: run(self.pd_command(url, ["--max-concurrency", "1", "--max-rps", "10"]),
                                              self.env, stdout=out),
            }
            if self.jsdir:
                clients["js_sdk"] = None
            measured = {name: [] for name in clients}
            throttled = {name: 0 for name in clients}
            requests = {name: [] for name in clients}
            reference = None
            mismatches = []
            for i in range(runs):
                log(f"2. round {i + 1}/{runs}")
                names = list(clients)
                for name in names[i % len(names):] + names[:i % len(names)]:
                    time.sleep(1.2)  # the emulator's quota bucket refills between clients
                    before = len(emulator.log_lines())
                    if name == "js_sdk":
                        out = self.work / "js-5k.jsonl"
                        r = run(self.js_command(url, ["--out", str(out)]), self.env)
                        ids = jsonl_ids(out) if r.rc == 0 else []
                    else:
                        out = self.work / f"{name}-5k.json"
                        with open(out, "wb") as f:
                            r = clients[name](f)
                        ids = json_ids(out) if r.rc == 0 else []
                    assert r.rc == 0, f"{name}: {r.stderr[-500:]}"
                    time.sleep(0.3)  # the log line of the last response
                    lines = emulator.log_lines()[before:]
                    throttled[name] += sum(1 for line in lines if "ThrottlingException" in line)
                    requests[name].append(len(lines))
                    if reference is None and name == "sequential":
                        reference = ids
                    measured[name].append((r, ids))
            # Same ids in the same order as the (first) sequential listing.
            for name, items in measured.items():
                for _, ids in items:
                    if ids != reference:
                        mismatches.append(name)
            result = {"count": count}
            for name, items in measured.items():
                result[name] = summarise([r for r, _ in items])
                result[name]["throttled_responses"] = throttled[name]
                result[name]["requests_median"] = median(requests[name])
                result[name]["same_ids_same_order"] = name not in mismatches and len(reference or []) == count
            part = result["partitioned"]["wall_s"]
            result["ratio_sequential_over_partitioned"] = result["sequential"]["wall_s"] / part
            if "js_sdk" in result:
                result["ratio_js_over_partitioned"] = result["js_sdk"]["wall_s"] / part
            self.results["latency_bound"] = result

    # --- 3 -----------------------------------------------------------------------------------

    def gui(self, emulator, count):
        runs = self.opts.runs
        launches = []
        for i in range(runs):
            launch_ns = time.time_ns()
            done = subprocess.run([str(self.gui_bin), "--first-paint"], env=self.env, capture_output=True,
                                  text=True, timeout=120)
            values = gui_results(done.stdout)
            if done.returncode != 0 or "first_paint_epoch_ns" not in values:
                raise RuntimeError(f"pd-bench-gui --first-paint: {done.stderr[-500:]}")
            launches.append({"launch_to_paint_ms": (values["first_paint_epoch_ns"] - launch_ns) / 1e6,
                             "main_to_paint_ms": values["first_paint_from_main_ms"]})
        first = {"launch_to_paint_ms": median([x["launch_to_paint_ms"] for x in launches]),
                 "main_to_paint_ms": median([x["main_to_paint_ms"] for x in launches]),
                 "runs": [round(x["launch_to_paint_ms"], 1) for x in launches]}
        full = []
        for i in range(self.opts.gui_runs):
            log(f"3. GUI round {i + 1}/{self.opts.gui_runs}: loading {count} rows")
            done = subprocess.run([str(self.gui_bin), "--endpoint", emulator.url, "--expect", str(count)],
                                  env=self.env, capture_output=True, text=True, timeout=900)
            if done.returncode != 0:
                raise RuntimeError(f"pd-bench-gui: {done.stderr[-800:]}")
            full.append(gui_results(done.stdout))
        keys = sorted(set().union(*[set(x) for x in full]))
        medians = {k: median([x[k] for x in full if k in x]) for k in keys}
        self.results["gui"] = {"first_paint": first, "full": medians,
                               "full_runs": full}

    # --- 4 -----------------------------------------------------------------------------------

    def parse_store(self):
        done = subprocess.run([str(self.store), "--runs", "7", "--rows", "100000"], env=self.env,
                              capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise RuntimeError(f"pd-bench-store: {done.stderr[-500:]}")
        self.results["parse_store"] = gui_results(done.stdout)

    # --- 5 -----------------------------------------------------------------------------------

    def parse_detail(self):
        done = subprocess.run([str(self.detail), "--runs", "15", "--count", "500"], env=self.env,
                              capture_output=True, text=True, timeout=600)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"pd-bench-detail: {done.stderr[-500:]}")
        self.results["parse_detail"] = gui_results(done.stdout)

    # --- 6 -----------------------------------------------------------------------------------

    def local_copy(self, emulator, count):
        url = emulator.url
        store = self.work / "store-100k.sqlite"

        def remove_store():
            for suffix in ("", "-wal", "-shm", ".sync-lock"):
                Path(str(store) + suffix).unlink(missing_ok=True)

        common = ["--catalog", "AWS", "--max-rps", "0"]
        live = [str(self.cli), "list-opportunities", "--endpoint-url", url, "--output", "csv", *common]
        sync = [str(self.cli), "sync", "--endpoint-url", url, "--store", str(store), "--output", "json",
                *common]
        local = [str(self.cli), "list-opportunities", "--from-store", "--store", str(store), "--output",
                 "csv", "--catalog", "AWS"]
        remove_store()
        check = run(sync, self.env, stdout=subprocess.PIPE)
        if check.rc != 0:
            raise RuntimeError(f"partnerdesk-cli sync: {check.stderr[-500:]}")
        measured = {"csv_listing": [], "full_sync": [], "from_store": []}
        for i in range(self.opts.runs):
            log(f"6. round {i + 1}/{self.opts.runs}")
            order = ["csv_listing", "full_sync", "from_store"]
            for name in order[i % 3:] + order[:i % 3]:
                if name == "full_sync":
                    remove_store()
                    r = run(sync, self.env)
                else:
                    r = run(live if name == "csv_listing" else local, self.env)
                assert r.rc == 0, f"{name}: {r.stderr[-500:]}"
                measured[name].append(r)
        result = {"count": count}
        for name, results in measured.items():
            result[name] = summarise(results)
        result["ratio_sync_over_csv"] = result["full_sync"]["wall_s"] / result["csv_listing"]["wall_s"]
        result["ratio_from_store_over_live"] = (result["from_store"]["wall_s"]
                                                / result["csv_listing"]["wall_s"])
        done = subprocess.run([str(self.sync_bin), "--count", str(count), "--runs", "9",
                               "--work", str(self.work)], env=self.env, capture_output=True, text=True,
                              timeout=900)
        if done.returncode != 0:
            raise RuntimeError(f"pd-bench-sync: {done.stderr[-500:]}")
        result["in_process"] = gui_results(done.stdout)
        self.results["local_copy"] = result

    # --- report ------------------------------------------------------------------------------

    def machine(self):
        cpu = "unknown"
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = 0
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) / 1024 / 1024
        return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem, 1),
                "kernel": platform.release(), "load_average": os.getloadavg(),
                "node": subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
                if shutil.which("node") else None}

    def report(self):
        r = self.results
        rows = []

        def row(metric, target, value, met):
            rows.append(f"| {metric} | {target} | {value} | {'met' if met else '**not met**'} |")

        full = r.get("full_listing")
        if full and "js_sdk" in full:
            row("100k listing wall time, JS SDK ÷ PartnerDesk", "≥ 5×",
                f"{full['ratio_wall_js_over_pd']:.1f}× ({full['js_sdk']['wall_s']:.2f} s ÷ "
                f"{full['partnerdesk_cli']['wall_s']:.2f} s)", full["ratio_wall_js_over_pd"] >= 5)
        if full and "aws_cli" in full:
            row("100k listing wall time, AWS CLI ÷ PartnerDesk", "≥ 30×",
                f"{full['ratio_wall_awscli_over_pd']:.1f}× ({full['aws_cli']['wall_s']:.1f} s ÷ "
                f"{full['partnerdesk_cli']['wall_s']:.2f} s)", full["ratio_wall_awscli_over_pd"] >= 30)
        ps = r.get("parse_store")
        if ps:
            row("client CPU per 1,000 summaries parsed and stored", "≤ 2 ms",
                f"{ps['decode_store_cpu_ms_per_1000']:.2f} ms", ps["decode_store_cpu_ms_per_1000"] <= 2)
        pd = r.get("parse_detail")
        if pd:
            worst = max(pd["get_opportunity_parse_us"], pd["get_opportunity_parse_largest_us"])
            row("parsing one GetOpportunity answer", "≤ 50 µs",
                f"{pd['get_opportunity_parse_us']:.1f} µs (mean answer "
                f"{pd['get_opportunity_bytes_mean']:.0f} bytes; largest {pd['get_opportunity_parse_largest_us']:.1f} µs)",
                worst <= 50)
        lb = r.get("latency_bound")
        if lb:
            p = lb["partitioned"]
            row("5k listing at 250 ms latency, 10 req/s", "≤ 5.5 s, same ids in the same order",
                f"{p['wall_s']:.2f} s, {'same ids, same order' if p['same_ids_same_order'] else 'IDS DIFFER'}"
                f" (sequential {lb['sequential']['wall_s']:.2f} s)",
                p["wall_s"] <= 5.5 and p["same_ids_same_order"])
        gui = r.get("gui")
        if gui:
            fp = gui["first_paint"]["launch_to_paint_ms"]
            row("launch → first page painted (demo)", "≤ 300 ms", f"{fp:.0f} ms", fp <= 300)
            g = gui["full"]
            busy = g.get("stall_longest_busy_ms", float("nan"))
            row("longest event-loop stall while paging 100k", "≤ 16 ms",
                f"{busy:.1f} ms of GUI-thread work (longest wall-clock gap {g.get('stall_longest_gap_ms', float('nan')):.1f} ms)",
                busy <= 16)
            rss = g.get("rss_per_opportunity_bytes", float("nan"))
            row("RSS per loaded opportunity at 100k", "≤ 600 bytes", f"{rss:.0f} bytes", rss <= 600)
            sort = g.get("sort_slowest_ms", float("nan"))
            row("client-side sort of 100k", "≤ 100 ms", f"{sort:.0f} ms (slowest column)", sort <= 100)
            csv = g.get("csv_export_ms", float("nan"))
            row("CSV export of 100k", "≤ 0.5 s", f"{csv / 1000:.2f} s", csv <= 500)
        lc = r.get("local_copy")
        if lc:
            row("full sync of 100k ÷ list-opportunities --output csv", "≤ 2×",
                f"{lc['ratio_sync_over_csv']:.1f}× ({lc['full_sync']['wall_s']:.2f} s ÷ "
                f"{lc['csv_listing']['wall_s']:.2f} s)", lc["ratio_sync_over_csv"] <= 2)
            ip = lc["in_process"]
            row("incremental sync, 100 changed of 100k", "≤ 2 requests, ≤ 150 ms",
                f"{ip['incremental_100_requests_max']:.0f} requests, {ip['incremental_100_ms']:.0f} ms "
                f"(slowest {ip['incremental_100_ms_max']:.0f} ms)",
                ip["incremental_100_requests_max"] <= 2 and ip["incremental_100_ms_max"] <= 150)
            row("--from-store listing of 100k ÷ live listing", "< 1×",
                f"{lc['ratio_from_store_over_live']:.2f}× ({lc['from_store']['wall_s']:.2f} s ÷ "
                f"{lc['csv_listing']['wall_s']:.2f} s)", lc["ratio_from_store_over_live"] < 1)
            row("store size per opportunity", "≤ 1.5 KB",
                f"{ip['store_bytes_per_opportunity']:.0f} bytes", ip["store_bytes_per_opportunity"] <= 1536)
        table = "| metric | target | measured | |\n| --- | --- | --- | --- |\n" + "\n".join(rows)
        return table


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--shared", help="folder with peers/ (default: ROOT/../shared)")
    parser.add_argument("--work", help="scratch folder (default: a new temporary one)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--awscli-runs", type=int, default=3)
    parser.add_argument("--gui-runs", type=int, default=3)
    parser.add_argument("--count", type=int, default=100000)
    parser.add_argument("--skip-awscli", action="store_true")
    parser.add_argument("--only", default="1,2,3,4,5,6", help="benchmarks to run, e.g. 1,3")
    parser.add_argument("--json", help="write every figure here")
    opts = parser.parse_args()
    opts.shared = opts.shared or str(Path(opts.root).resolve().parent / "shared")
    only = set(opts.only.split(","))

    bench = Bench(opts)
    bench.results["machine"] = bench.machine()
    bench.setup_peers()
    def save():
        if opts.json:
            Path(opts.json).write_text(json.dumps(bench.results, indent=2))

    if "4" in only:
        log("4. parse and store")
        bench.parse_store()
        save()
    if "5" in only:
        log("5. parsing GetOpportunity answers")
        bench.parse_detail()
        save()
    if "2" in only:
        log("2. latency-bound listing of 5,000")
        bench.latency_bound()
        save()
    if only & {"1", "3", "6"}:
        log(f"generating {opts.count} opportunities in the emulator")
        with Emulator(bench.emulator, bench.secret, ["--count", str(opts.count)]) as emulator:
            if "1" in only:
                bench.full_listing(emulator, opts.count)
                save()
            if "3" in only:
                bench.gui(emulator, opts.count)
                save()
            if "6" in only:
                log("6. local copy")
                bench.local_copy(emulator, opts.count)
    bench.results["machine"]["load_average_end"] = os.getloadavg()
    save()
    print(bench.report())
    print()
    print("```json")
    print(json.dumps(bench.results, indent=2))
    print("```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
