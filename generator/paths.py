"""Where the bundled catalogue, schemas and templates are: beside the package in a
source checkout, or inside it (``_bundled/``) in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _resource(name: str) -> Path:
    for base in (_PACKAGE / "_bundled", _PACKAGE.parent):
        if (base / name).exists():
            return base / name
    return _PACKAGE.parent / name


def bundled_catalog() -> Path:
    return _resource("catalog")


def bundled_releases() -> Path:
    """The bundled catalogue's releases (see versions/store.py)."""
    return _resource("releases")


def schema_dir() -> Path:
    return _resource("schema")


def template_dir() -> Path:
    return _resource("templates")


def mkdocs_config() -> Path:
    """mkdocs.yml of the bundled site (its docs folder beside it)."""
    return _resource("mkdocs.yml")
