"""Where the files that ship with the package live: the migrations and the bundled seeds."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled(packaged_name: str, checkout_name: str) -> Path:
    """A folder shipped in the wheel as ``timeline/<packaged_name>``, or ``<checkout_name>/`` in a checkout.

    An installed wheel carries the folder inside the package; an editable install or a source checkout
    imports ``timeline`` from the repository, where the folder sits at the top level.
    """
    packaged = _PACKAGE / packaged_name
    return packaged if packaged.is_dir() else _PACKAGE.parent / checkout_name


def migrations_folder() -> Path:
    return bundled("migrations", "alembic")


def seeds_folder() -> Path:
    return bundled("seeds", "seeds")
