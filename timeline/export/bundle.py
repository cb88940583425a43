"""Where an export lands, so that it appears whole or not at all.

The target path the user names is a symbolic link to the newest complete export. Each export is written
into a fresh folder beside it (``.<name>.exports/``), its manifest last; only then is the link replaced,
in one atomic rename. A reader following the link always finds a complete export, and an export killed
half-way leaves the previous one as it was. The export before the newest is kept for readers still on
it; older ones, and partial folders left by killed exports, are removed by the next export.
"""

import fcntl
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from timeline.errors import BusyError, InputError

MANIFEST = "manifest.json"
FORMAT_VERSION = "timeline-export/1"


@dataclass(frozen=True)
class FileEntry:
    path: str
    rows: int
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """What an export holds, written last: the files with their row counts and checksums, the schema
    revision, and the watermark (the last change included); ``since`` is set for an incremental export."""

    format: str
    schema_revision: str
    watermark: int
    since: int | None
    files: tuple[FileEntry, ...]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def read(cls, folder: Path) -> "Manifest":
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return cls(**{**data, "files": tuple(FileEntry(**entry) for entry in data["files"])})


def checksum(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return path.stat().st_size, digest.hexdigest()


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class Target:
    """An export destination: ``path`` links to the newest complete export in ``store``."""

    def __init__(self, path: Path) -> None:
        self.path = path.absolute()
        self.store = self.path.parent / f".{self.path.name}.exports"

    def check(self) -> None:
        if self.path.exists() and not self.path.is_symlink():
            raise InputError(
                f"{self.path} exists and is not an export timeline made: choose a new path, or remove it"
            )
        if not self.path.parent.is_dir():
            raise InputError(f"{self.path.parent} is not a folder")

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Only one export at a time into a target; another one fails at once rather than queue."""
        self.store.mkdir(exist_ok=True)
        with (self.store / "lock").open("w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise BusyError(f"another export into {self.path} is running; try again later") from None
            yield

    @contextmanager
    def partial(self) -> Iterator[Path]:
        """A new, empty folder to write into; removed if the block fails or is interrupted."""
        folder = self.store / f".partial-{uuid.uuid4().hex[:12]}"
        folder.mkdir()
        try:
            yield folder
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise

    def publish(self, folder: Path, manifest: Manifest) -> Path:
        """Write the manifest, make the folder durable, and point the target at it atomically."""
        (folder / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        for path in sorted(folder.rglob("*")):
            _fsync(path)
        kind = "full" if manifest.since is None else f"since-{manifest.since}"
        final = self.store / f"{kind}-to-{manifest.watermark}-{uuid.uuid4().hex[:8]}"
        folder.rename(final)
        _fsync(self.store)
        link = self.store / f".link-{uuid.uuid4().hex[:8]}"
        link.symlink_to(Path(self.store.name) / final.name)  # relative: the pair can be moved together
        os.replace(link, self.path)
        _fsync(self.path.parent)
        self._prune()
        return final

    def _prune(self) -> None:
        """Keep the newest two exports (the one just published, and the one readers may still be on)."""
        exports = sorted(
            (
                entry
                for entry in self.store.iterdir()
                if (entry / MANIFEST).is_file() and not entry.name.startswith(".")
            ),
            key=lambda entry: (entry / MANIFEST).stat().st_mtime_ns,
        )
        for entry in exports[:-2]:
            shutil.rmtree(entry, ignore_errors=True)
        for entry in self.store.iterdir():  # left by exports that were killed
            if entry.name.startswith(".partial-"):
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.name.startswith(".link-"):
                entry.unlink(missing_ok=True)


def read_state(path: Path) -> int:
    """The watermark a state file records; 0 (export everything) if there is no file yet."""
    if not path.exists():
        return 0
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        watermark = data["watermark"]
        if not isinstance(watermark, int) or watermark < 0:
            raise ValueError
        return watermark
    except (OSError, ValueError, KeyError, TypeError):
        raise InputError(
            f"{path}: not a timeline export state file (JSON with a whole-number watermark)"
        ) from None


def write_state(path: Path, manifest: Manifest, export: Path) -> None:
    """Record the new watermark, atomically, once the export is published."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    state = {
        "watermark": manifest.watermark,
        "schema_revision": manifest.schema_revision,
        "export": str(export),
    }
    temporary.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)
