"""ASGI entry point: ``uvicorn api.asgi:create --factory``."""

from __future__ import annotations

from fastapi import FastAPI

from api.main import create_app


def create() -> FastAPI:
    """Build the app from the environment (``OSO_*``) when the server starts."""
    return create_app()
