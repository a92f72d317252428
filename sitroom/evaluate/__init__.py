"""Scoring sitroom's stages against public gold sets (``sitroom eval``).

Readers turn each gold format into records, ``metrics`` and ``geo_metrics`` hold the
scorers as pure functions, ``runners`` pair gold with the real pipeline, and
``cli.run_eval`` is the function behind the command.
"""

from sitroom.evaluate.cli import run_eval

__all__ = ["run_eval"]
