"""The web app: REST API and offline dashboard (`sitroom serve`)."""

from sitroom.web.app import create_app, serve

__all__ = ["create_app", "serve"]
