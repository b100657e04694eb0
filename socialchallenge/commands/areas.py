"""`flask areas import FILE`: replace the district list (Seoul's 25 by default) from a CSV file."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from socialchallenge.extensions import db
from socialchallenge.places.importer import ImportFailed, parse, replace_districts


@click.group()
def areas() -> None:
    """The city's districts."""


@areas.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
@with_appcontext
def import_command(file) -> None:
    """Replace the districts with those of FILE (CSV: code,name_ko,name_en,lat,lon)."""
    try:
        rows = parse(file.read())
    except ImportFailed as exc:
        for problem in exc.problems:
            click.echo(f"Error: {problem}", err=True)
        raise click.exceptions.Exit(1) from None
    except UnicodeDecodeError:
        click.echo("Error: the file is not UTF-8 text.", err=True)
        raise click.exceptions.Exit(1) from None
    result = replace_districts(db.session, rows)
    db.session.commit()
    click.echo(f"{len(rows)} districts: {result.added} added, {result.updated} updated, "
               f"{len(result.removed)} removed.")
    if result.unassigned:
        click.echo(f"{result.unassigned} items lost their district; {result.rematched} were matched again by their "
                   f"place in words, the rest wait in the secretariat's district queue (/secretariat/districts/).")
