#!/usr/bin/env python3
"""Fails when a source file includes a header from a layer above its own.

The layers, lowest first: core/util, core/http, core/aws, core/api, core/store, then
core/model (on store) and emulator (on api; neither sees the other), core/output (on model),
core/cli (on output), ui (on output), then app and tests, which may include anything. Headers
are included by file name ("foo.h"); each name must be unique across the project so that it
says where it lives.
Usage: layering_check.py SOURCE_DIR
"""
import pathlib
import re
import sys

# folder -> the folders it may include from (itself included)
ALLOWED = {
    "core/util": {"core/util"},
    "core/http": {"core/util", "core/http"},
    "core/aws": {"core/util", "core/http", "core/aws"},
    "core/api": {"core/util", "core/http", "core/aws", "core/api"},
    "core/store": {"core/util", "core/http", "core/aws", "core/api", "core/store"},
    "core/model": {"core/util", "core/http", "core/aws", "core/api", "core/store", "core/model"},
    "emulator": {"core/util", "core/http", "core/aws", "core/api", "emulator"},
    "core/output": {"core/util", "core/http", "core/aws", "core/api", "core/store", "core/model",
                    "core/output"},
    "core/cli": {"core/util", "core/http", "core/aws", "core/api", "core/store", "core/model",
                 "core/output", "core/cli"},
    "ui": {"core/util", "core/http", "core/aws", "core/api", "core/store", "core/model",
           "core/output", "ui"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)


def main() -> int:
    root = pathlib.Path(sys.argv[1]).resolve()
    folder_of = {}
    problems = []
    sources = [p for folder in ALLOWED for p in sorted((root / folder).glob("*"))
               if p.suffix in (".h", ".cpp")]
    for path in sources:
        folder = path.parent.relative_to(root).as_posix()
        if path.suffix == ".h":
            if path.name in folder_of:
                problems.append(f"{path.name} exists in {folder_of[path.name]} and {folder}")
            folder_of[path.name] = folder
    for path in sources:
        folder = path.parent.relative_to(root).as_posix()
        for name in INCLUDE.findall(path.read_text(encoding="utf-8")):
            target = folder_of.get(pathlib.PurePosixPath(name).name)
            if target is None:
                continue  # generated (moc, ui) or a test helper outside the layers
            if target not in ALLOWED[folder]:
                problems.append(f"{path.relative_to(root)} includes {name} from {target}, "
                                f"a layer {folder} must not depend on")
    for problem in problems:
        print(problem)
    print(f"{len(sources)} files checked, {len(problems)} layering problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
