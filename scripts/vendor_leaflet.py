"""Copy Leaflet from node_modules into static/vendor/leaflet/ (committed), so the app needs no npm and no CDN.

Run after changing Leaflet's version in package.json: `npm ci && python scripts/vendor_leaflet.py`
(or `--from DIR` to copy from another installed copy of the package)."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "static" / "vendor" / "leaflet"
FILES = ("dist/leaflet.js", "dist/leaflet.css", "dist/images/layers.png", "dist/images/layers-2x.png",
         "dist/images/marker-icon.png", "dist/images/marker-icon-2x.png", "dist/images/marker-shadow.png", "LICENSE")


def main() -> int:
    """Copy the pinned version's files; refuse a copy of another version."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--from", dest="source", default=str(ROOT / "node_modules" / "leaflet"))
    source = Path(parser.parse_args().source)
    wanted = json.loads((ROOT / "package.json").read_text())["dependencies"]["leaflet"]
    found = json.loads((source / "package.json").read_text())["version"]
    if found != wanted:
        print(f"{source} holds Leaflet {found}; package.json pins {wanted}. Run npm ci first.", file=sys.stderr)
        return 1
    for name in FILES:
        target = TARGET / name.removeprefix("dist/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, target)
    (TARGET / "VERSION").write_text(wanted + "\n")
    print(f"Leaflet {wanted} copied into {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
