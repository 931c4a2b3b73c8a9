"""The command line: the executable's entry (``fast``: the hottest requests answered before Typer is
imported), the Typer app (``app``), the score commands built from the data (``scores``), the command bodies
both call (``commands``), and what a session needs (``session``, ``completion``, ``prompts``, ``checklist``)."""
from bonemets.cli.fast import main

__all__ = ["main"]
