"""`flask exports run KIND --output FILE`: write a secretariat CSV export, streamed, with a progress bar."""

from __future__ import annotations

import sys
from contextlib import nullcontext

import click
from flask.cli import with_appcontext

from socialchallenge.extensions import db
from socialchallenge.secretariat import exports as secretariat_exports


@click.group()
def exports() -> None:
    """CSV exports of the secretariat."""


@exports.command("run")
@click.argument("kind", type=click.Choice(sorted(secretariat_exports.EXPORTS)))
@click.option("--output", "output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="The CSV file to write ('-' for standard output).")
@with_appcontext
def run_command(kind: str, output: str) -> None:
    """Stream an export (challenges, solutions, pledges, statistics) into a file, showing progress."""
    total = secretariat_exports.count(db.session, kind)
    written = 0
    # newline="": the CSV lines already end in \r\n, as the format asks. A file starts with a byte-order mark
    # (utf-8-sig), like the downloads, so spreadsheets show Korean; standard output is left plain for pipes.
    target = (nullcontext(sys.stdout) if output == "-"
              else open(output, "w", encoding="utf-8-sig", newline=""))
    with target as out, \
            click.progressbar(length=total or 0, label=f"Exporting {kind}", file=sys.stderr,
                              show_pos=True) as bar:
        def step(n: int) -> None:
            nonlocal written
            written += n
            if total:
                bar.update(n)

        for line in secretariat_exports.lines(db.session, kind, progress=step):
            out.write(line)
    click.echo(f"{written} rows written to {output}.", err=True)
