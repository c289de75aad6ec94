#!/usr/bin/env python3
"""Fails when a test sleeps for a fixed time instead of waiting for what it expects.

Tests wait on signals (QSignalSpy::wait), on conditions (QTRY_*, QTest::qWaitFor) or, to check
that something does not happen, with Pd::Test::nothingHappens (tests/nothinghappens.h). A fixed
sleep makes a test slow on a fast machine and flaky on a slow one, so QTest::qWait(), qSleep(),
QThread::(m|u)sleep() and std::this_thread::sleep_for/sleep_until are refused in every C++ file
under tests/ but the fuzz targets and the vendored peers.
Usage: sleep_check.py SOURCE_DIR
"""
import pathlib
import re
import sys

EXCLUDED = {"tests/fuzz", "tests/peers"}
SLEEP = re.compile(r"\b(?:qWait|qSleep|msleep|usleep|nanosleep|sleep|sleep_for|sleep_until)\s*\(")
LINE_COMMENT = re.compile(r"//.*$")


def sleeps(path: pathlib.Path) -> list:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if SLEEP.search(LINE_COMMENT.sub("", line)):
            found.append(f"{number}: {line.strip()}")
    return found


def main() -> int:
    root = pathlib.Path(sys.argv[1]).resolve()
    tests = root / "tests"
    sources = sorted(p for p in tests.rglob("*") if p.suffix in (".h", ".cpp")
                     and not any(p.relative_to(root).as_posix().startswith(folder + "/")
                                 for folder in EXCLUDED))
    refused = 0
    for path in sources:
        name = path.relative_to(root).as_posix()
        found = sleeps(path)
        for line in found:
            print(f"{name}:{line}")
        refused += len(found)
    print(f"{len(sources)} files checked, {refused} fixed sleeps refused")
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
