"""The ACLED event taxonomy (plus CASE 2021 labels, PLOVER defaults) read from YAML.

Kept apart from the classifier so that stages that only need label look-ups
(evaluation, storage, the web app) do not load spaCy.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from sitroom.config import DATA_DIR
from sitroom.errors import ConfigError

DEFAULT_TAXONOMY_PATH = DATA_DIR / "acled_taxonomy.yaml"


@dataclass(frozen=True)
class SubEventInfo:
    """One category: an ACLED sub-event type, a non-ACLED class or a record type."""

    name: str
    event_type: str
    case_label: str
    plover: str | None
    civilian_targeting: bool
    definition: str
    is_acled: bool
    kind: str = "event"


@dataclass(frozen=True)
class Taxonomy:
    """All categories by name, and the ACLED event types with their sub-types in order."""

    types: dict[str, list[str]]
    categories: dict[str, SubEventInfo]

    def info(self, name: str) -> SubEventInfo:
        try:
            return self.categories[name]
        except KeyError:
            raise KeyError(f"unknown sub-event type or category: {name!r}") from None

    def by_case_label(self, label: str) -> SubEventInfo:
        for info in self.categories.values():
            if info.case_label == label.upper():
                return info
        raise KeyError(f"unknown CASE 2021 label: {label!r}")


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}; restore the file from the package") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path} is not a YAML mapping; restore the file from the package")
    return data


def _info(entry: dict, event_type: str, is_acled: bool, path: Path) -> SubEventInfo:
    try:
        return SubEventInfo(
            name=entry["name"],
            event_type=event_type,
            case_label=entry["case_label"],
            plover=entry.get("plover"),
            civilian_targeting=bool(entry.get("civilian_targeting", False)),
            definition=entry.get("definition", ""),
            is_acled=is_acled,
            kind=entry.get("kind", "event"),
        )
    except KeyError as exc:
        raise ConfigError(f"{path}: category {entry!r} lacks field {exc}") from exc


def load_taxonomy(path: Path | str | None = None) -> Taxonomy:
    """Read the taxonomy file (default: the packaged ``acled_taxonomy.yaml``)."""
    path = Path(path) if path else DEFAULT_TAXONOMY_PATH
    data = _read_yaml(path)
    types: dict[str, list[str]] = {}
    categories: dict[str, SubEventInfo] = {}
    for etype in data.get("event_types", []):
        types[etype["name"]] = []
        for sub in etype.get("sub_event_types", []):
            info = _info(sub, etype["name"], True, path)
            types[etype["name"]].append(info.name)
            categories[info.name] = info
    other_type = data.get("non_acled_event_type", "Non-ACLED")
    for entry in data.get("non_acled", []):
        info = _info(entry, other_type, False, path)
        categories[info.name] = info
    for entry in data.get("records", []):
        info = _info(entry, entry["name"], False, path)
        categories[info.name] = info
    return Taxonomy(types=types, categories=categories)


@functools.cache
def default_taxonomy() -> Taxonomy:
    """The packaged taxonomy, read once."""
    return load_taxonomy()


def taxonomy() -> dict[str, list[str]]:
    """ACLED event types mapped to their sub-event types (6 types, 25 sub-types)."""
    return {k: list(v) for k, v in default_taxonomy().types.items()}


def acled_to_case(sub_event_type: str) -> str:
    """CASE 2021 label of an ACLED sub-event type (or non-ACLED category name)."""
    return default_taxonomy().info(sub_event_type).case_label


def case_to_acled(label: str) -> tuple[str, str]:
    """(event type, sub-event type) of a CASE 2021 label such as ``AIR_STRIKE``."""
    info = default_taxonomy().by_case_label(label)
    return info.event_type, info.name
