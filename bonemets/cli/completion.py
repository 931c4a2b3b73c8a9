"""The Typer side of shell completion: one callback per argument or option that takes a name. Each reads
the --data directories and the words already typed from the click context; the names come from
bonemets.cli.names (the fast path in bonemets.cli.fast answers the commonest requests with the same calls)."""
from __future__ import annotations


def _data(ctx) -> list[str]:
    return list(ctx.params.get("data") or [])


def entity_names(kind: str | None, param: str = "name", any_start: bool = False):
    """Names of one kind (None: all), continuing the words of this argument already on the line."""

    def complete(ctx, incomplete: str) -> list[str]:
        from bonemets.cli.names import complete_words

        before = [str(w) for w in (ctx.params.get(param) or [])]
        return complete_words(kind, before, incomplete, _data(ctx), any_start=any_start)

    return complete


def option_names(kind: str):
    """An option's value: one name of this kind (--cancer NAME)."""

    def complete(ctx, incomplete: str) -> list[str]:
        from bonemets.cli.names import complete_names

        return complete_names(kind, incomplete, _data(ctx))

    return complete


def id_list(kind: str):
    """An option's value: ids of this kind separated by commas (--present ID,ID,...)."""

    def complete(ctx, incomplete: str) -> list[str]:
        from bonemets.cli.names import complete_list

        return complete_list(kind, incomplete, _data(ctx))

    return complete


def sources(ctx, incomplete: str) -> list[str]:
    from bonemets.cli.names import complete_sources

    return complete_sources(incomplete, _data(ctx))


def kinds(incomplete: str) -> list[str]:
    from bonemets.knowledge import schema
    return [k.plural for k in schema.KINDS.values() if k.plural.startswith(incomplete)]
