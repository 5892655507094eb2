"""Fetch each service's jars once with Maven (``deploy/pom.xml`` profiles) and reuse them afterwards."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from deploy.stack.errors import StackError
from deploy.stack.logs import tail_of

POM = Path(__file__).resolve().parent.parent / "pom.xml"
COMPLETE = ".complete"
"""Marker written after a successful copy, so an interrupted download is never reused."""


def maven_command(profile: str, output: Path, pom: Path = POM) -> list[str]:
    """The ``mvn`` call that copies a profile's runtime jars into ``output``."""
    return [
        "mvn", "-q", "-B", "-f", str(pom), "-P", profile,
        "dependency:copy-dependencies", f"-DoutputDirectory={output}",
    ]


def has_jars(lib: Path) -> bool:
    return (lib / COMPLETE).exists() and any(lib.glob("*.jar"))


def ensure_jars(profile: str, lib: Path, log: Path) -> Path:
    """Jars of ``profile`` in ``lib``, downloading them (into a temp dir, then renamed) when absent."""
    if has_jars(lib):
        return lib
    if shutil.which("mvn") is None:
        raise StackError(f"Maven (mvn) is needed once to fetch the {profile} jars into {lib}; install it")
    staging = lib.with_name(f"{lib.name}.partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        result = subprocess.run(maven_command(profile, staging), stdout=out, stderr=subprocess.STDOUT, check=False)
    if result.returncode != 0 or not any(staging.glob("*.jar")):
        shutil.rmtree(staging, ignore_errors=True)
        raise StackError(f"mvn could not fetch the {profile} jars (exit {result.returncode})", log, tail_of(log))
    (staging / COMPLETE).write_text("")
    shutil.rmtree(lib, ignore_errors=True)
    os.replace(staging, lib)
    return lib

