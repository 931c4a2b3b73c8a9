"""`bonemets score NAME`: the score's name follows the rule every name follows (any case, its aliases, a
"did you mean" only for a genuinely close name), before click looks the subcommand up."""
from __future__ import annotations

import typer
from typer.core import TyperGroup

KB = None  # the knowledge base the score commands were built from (set by bonemets.cli.scores.register)


class ScoreGroup(TyperGroup):
    def resolve_command(self, ctx, args):
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None and KB is not None:
            from bonemets.errors import BonemetsError
            from bonemets.render import message

            try:
                found = KB.find(args[0], "score")
            except BonemetsError as exc:
                if ctx.resilient_parsing:  # completing: say nothing
                    return super().resolve_command(ctx, args)
                message(f"bonemets: {exc.message}")
                message(exc.hint or "see 'bonemets score --help'")
                raise typer.Exit(exc.exit_code) from None
            if self.get_command(ctx, found["id"]) is not None:
                args = [found["id"], *args[1:]]
        return super().resolve_command(ctx, args)
