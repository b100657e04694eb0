"""Command-line groups: `flask users`, `flask jobs`, `flask demo`, `flask areas`..."""

from flask import Flask


def register(app: Flask) -> None:
    """Attach every command group to the app."""
    from socialchallenge.commands.areas import areas
    from socialchallenge.commands.campaigns import campaigns
    from socialchallenge.commands.demo import demo
    from socialchallenge.commands.exports import exports
    from socialchallenge.commands.jobs import jobs
    from socialchallenge.commands.users import users

    app.cli.add_command(users)
    app.cli.add_command(jobs)
    app.cli.add_command(demo)
    app.cli.add_command(campaigns)
    app.cli.add_command(exports)
    app.cli.add_command(areas)
