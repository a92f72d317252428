"""A registry of pipeline stages, by versioned name (as spaCy registers its factories).

A stage declares which ``Extraction`` fields it assigns and which it requires, so the
pipeline can refuse an order of stages in which some input is never produced.
Swapping a stage is configuration: put another registered name in
``Settings.pipeline``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from sitroom.errors import ConfigError

if TYPE_CHECKING:
    from sitroom.pipeline import Resources, StageContext


class Stage(Protocol):
    def __call__(self, ctx: StageContext) -> None: ...


StageFactory = Callable[["Resources"], Stage]


@dataclass(frozen=True)
class StageInfo:
    name: str
    factory: StageFactory
    assigns: tuple[str, ...]
    requires: tuple[str, ...]
    doc: str


_STAGES: dict[str, StageInfo] = {}


def register_stage(
    name: str, *, assigns: list[str], requires: list[str] | None = None
) -> Callable[[StageFactory], StageFactory]:
    """Register a stage factory under ``name`` (e.g. ``sitroom.geocoder.v1``)."""

    def decorator(factory: StageFactory) -> StageFactory:
        _STAGES[name] = StageInfo(
            name=name,
            factory=factory,
            assigns=tuple(assigns),
            requires=tuple(requires or []),
            doc=(factory.__doc__ or "").strip().splitlines()[0] if factory.__doc__ else "",
        )
        return factory

    return decorator


def get_stage(name: str) -> StageInfo:
    try:
        return _STAGES[name]
    except KeyError:
        known = ", ".join(sorted(_STAGES)) or "none"
        raise ConfigError(
            f"unknown pipeline stage {name!r}; registered stages are: {known}. "
            "Check `pipeline` in your sitroom.toml."
        ) from None


def registered_stages() -> dict[str, StageInfo]:
    return dict(_STAGES)


def check_order(names: list[str]) -> None:
    """Raise ConfigError when a stage requires a field no earlier stage assigns."""
    produced: set[str] = {"document"}
    for name in names:
        info = get_stage(name)
        missing = [field for field in info.requires if field not in produced]
        if missing:
            raise ConfigError(
                f"stage {name!r} requires {', '.join(missing)}, which no earlier stage assigns; "
                "put a stage that assigns it before this one in `pipeline`"
            )
        produced.update(info.assigns)
