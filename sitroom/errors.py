"""One catalogue of the errors a user can see, each with a code and what to do.

Library code raises these; the CLI and the web app turn them into one clear line
(or one JSON error shape) without a traceback.
"""

from __future__ import annotations


class SitroomError(Exception):
    """Base class: ``code`` identifies the message, ``str()`` is the one-line message."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class BadInput(SitroomError):
    """An input could not be read as an article: empty, binary, bad encoding, malformed."""

    code = "E001"


class InputTooLarge(BadInput):
    code = "E002"


class UnsupportedFormat(BadInput):
    code = "E003"


class GazetteerMissing(SitroomError):
    """The gazetteer could not be found or built."""

    code = "E010"


class GazetteerImportError(SitroomError):
    code = "E011"


class ModelMissing(SitroomError):
    """The configured spaCy model is not installed."""

    code = "E020"


class StoreError(SitroomError):
    code = "E030"


class NotFound(SitroomError):
    code = "E040"


class ConfigError(SitroomError):
    code = "E050"


class EvaluationError(SitroomError):
    code = "E060"
