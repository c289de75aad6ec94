#!/usr/bin/env python3
"""Reads the CSV files tst_export wrote with Python's csv module and compares them with the
table content tst_export recorded: table.csv (formulas not neutralised) must be exactly the
table; default.csv (the default export) must have the same header and the same rows."""
import csv
import json
import sys
from pathlib import Path


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f, strict=True))


def main():
    folder = Path(sys.argv[1])
    expected = json.loads((folder / "table.json").read_text(encoding="utf-8"))
    header, rows = expected["header"], expected["rows"]
    failures = []

    table = read_csv(folder / "table.csv")
    if table[0] != header:
        failures.append(f"table.csv header {table[0]} != {header}")
    if table[1:] != rows:
        bad = next((i for i, (a, b) in enumerate(zip(table[1:], rows)) if a != b), None)
        failures.append(f"table.csv rows differ ({len(table) - 1} vs {len(rows)}; first at {bad})")

    default = read_csv(folder / "default.csv")
    if default[0] != header:
        failures.append(f"default.csv header {default[0]} != {header}")
    if len(default) - 1 != len(rows):
        failures.append(f"default.csv has {len(default) - 1} rows, the table {len(rows)}")
    for number, (written, shown) in enumerate(zip(default[1:], rows), start=1):
        for cell, value in zip(written, shown):
            formula = value[:1] in ("=", "+", "-", "@", "\t", "\r")
            if cell != ("'" + value if formula else value):
                failures.append(f"default.csv row {number}: {cell!r} for {value!r}")
                break

    for failure in failures:
        print("FAIL:", failure)
    print(f"{len(rows)} rows x {len(header)} columns checked")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
