"""Where an export lands, so that it appears whole or not at all.

The target path the user names is a symbolic link to the newest complete export. Each export is written
into a fresh folder beside it (``.<name>.exports/``), its manifest last; only then is the link replaced,
in one atomic rename. A reader following the link always finds a complete export, and an export killed
half-way leaves the previous one as it was. The export before the newest is kept for readers still on
it; older ones, and partial folders left by killed exports, are removed by the next export.

Export only ever replaces or removes what it made: the store carries a marker file written when export
created it, and a target is replaced only if it is a link of export's shape into a marked store. A folder
or link someone else put at either path is refused (exit 4) and left as it is.
"""

import fcntl
import hashlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from timeline.errors import BusyError, InputError, TimelineError

MANIFEST = "manifest.json"
FORMAT_VERSION = "timeline-export/1"
# The marker export writes into each store it creates; a store without it is not timeline's to touch.
MARKER = ".timeline-exports"
STORE_FORMAT = "timeline-exports/1"
# The names export gives what it writes into a store, and nothing else there is ever removed.
_EXPORT = re.compile(r"(full|since-[0-9]+)-to-[0-9]+-[0-9a-f]{8}")
_PARTIAL = re.compile(r"\.partial-[0-9a-f]{12}")
_LINK = re.compile(r"\.link-[0-9a-f]{8}")


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
        """The manifest in ``folder``; ValueError naming the field if a value is not of its type."""
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("files"), list):
            raise ValueError("not a JSON object with a list of files")
        files = tuple(FileEntry(**entry) for entry in data["files"])
        manifest = cls(**{**data, "files": files})
        _typed(manifest, "")
        for number, entry in enumerate(files):
            _typed(entry, f"files[{number}].")
        return manifest


# What each field of a manifest holds: JSON can hold anything (a null path, a row count as text).
_FIELDS: dict[str, tuple[Any, str]] = {
    "format": (str, "text"),
    "schema_revision": (str, "text"),
    "watermark": (int, "a whole number"),
    "since": (int | None, "a whole number or null"),
    "path": (str, "text"),
    "rows": (int, "a whole number"),
    "bytes": (int, "a whole number"),
    "sha256": (str, "text"),
}


def _typed(value: Manifest | FileEntry, where: str) -> None:
    for item in fields(value):
        if item.name in _FIELDS:
            found = getattr(value, item.name)
            kind, description = _FIELDS[item.name]
            if isinstance(found, bool) or not isinstance(found, kind):
                raise ValueError(f"{where}{item.name} must be {description}, not {json.dumps(found)[:40]}")


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
    """An export destination: ``path`` links to the newest complete export in ``store``.

    ``store`` holds a marker file written when export created it. Only a store with the marker, and a
    link into it of the shape export writes, are ever touched: anything else at either path is refused.
    """

    def __init__(self, path: Path) -> None:
        self.path = path.absolute()
        self.store = self.path.parent / f".{self.path.name}.exports"
        self.published: Path | None = None  # the export the link was moved to, once it is

    def check(self) -> None:
        """Refuse, touching nothing, a target or export folder that timeline export did not make."""
        if not self.path.parent.is_dir():
            raise InputError(f"{self.path.parent} is not a folder")
        if os.path.lexists(self.store) and not self._marked():
            raise InputError(
                f"{self.store} exists and is not a folder timeline export made (it has no {MARKER}): "
                "choose another TARGET, or remove it"
            )
        if self.path.is_symlink():
            if not (self._marked() and self._ours(os.readlink(self.path))):
                raise InputError(
                    f"{self.path} is a link timeline export did not make: choose a new path, or remove it"
                )
        elif os.path.lexists(self.path):
            raise InputError(
                f"{self.path} exists and is not an export timeline made: choose a new path, or remove it"
            )

    def _marked(self) -> bool:
        """Whether the store is a folder (not a link to one) that export created: it holds the marker."""
        marker = self.store / MARKER
        if self.store.is_symlink() or not self.store.is_dir() or marker.is_symlink():
            return False
        try:
            data = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return isinstance(data, dict) and data.get("format") == STORE_FORMAT

    def _ours(self, link: str) -> bool:
        """Whether a link's text is one export writes: ``.<name>.exports/<an export folder>``."""
        parts = Path(link).parts
        return len(parts) == 2 and parts[0] == self.store.name and _EXPORT.fullmatch(parts[1]) is not None

    def _create_store(self) -> bool:
        """Make the store with its marker in one rename, unless it is there; whether this call made it."""
        if os.path.lexists(self.store):
            return False
        temporary = self.path.parent / f"{self.store.name}-{uuid.uuid4().hex[:8]}"
        temporary.mkdir()
        marker = {"format": STORE_FORMAT, "made_by": "timeline export", "target": self.path.name}
        (temporary / MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
        try:
            os.rename(temporary, self.store)
        except OSError:  # another export made it first
            shutil.rmtree(temporary, ignore_errors=True)
            return False
        return True

    def _remove_store(self) -> None:
        """Undo ``_create_store`` when the first export into a target fails: nothing is left behind."""
        if {entry.name for entry in self.store.iterdir()} <= {MARKER, "lock"}:
            (self.store / "lock").unlink(missing_ok=True)
            (self.store / MARKER).unlink(missing_ok=True)
            with suppress(OSError):
                self.store.rmdir()

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Only one export at a time into a target; another one fails at once rather than queue.

        The first export into a target creates its store; if that export fails, the store goes too.
        """
        created = self._create_store()
        if not self._marked():
            raise InputError(f"{self.store} is not a folder timeline export made: choose another TARGET")
        handle = os.open(self.store / "lock", os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise BusyError(f"another export into {self.path} is running; try again later") from None
            try:
                yield
            except BaseException:
                if created and not os.path.lexists(self.path):
                    self._remove_store()
                raise
        finally:
            os.close(handle)

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
        self.published = final
        _fsync(self.path.parent)
        self._prune()
        return final

    def _prune(self) -> None:
        """Keep the newest two exports (the one just published, and the one readers may still be on).

        Only what export itself writes is removed: folders with an export's name and a manifest, and the
        partial folders and links that killed exports leave behind. Links are never followed.
        """
        exports = sorted(
            (
                entry
                for entry in self.store.iterdir()
                if _EXPORT.fullmatch(entry.name) and _folder(entry) and (entry / MANIFEST).is_file()
            ),
            key=lambda entry: (entry / MANIFEST).stat().st_mtime_ns,
        )
        for entry in exports[:-2]:
            shutil.rmtree(entry, ignore_errors=True)
        for entry in self.store.iterdir():
            if _PARTIAL.fullmatch(entry.name) and _folder(entry):
                shutil.rmtree(entry, ignore_errors=True)
            elif _LINK.fullmatch(entry.name) and entry.is_symlink():
                entry.unlink(missing_ok=True)


def _folder(path: Path) -> bool:
    """A folder itself, not a link to one."""
    return path.is_dir() and not path.is_symlink()


def read_state(path: Path) -> int | None:
    """The watermark a state file records; None (a full export) if there is no file yet."""
    if not path.exists():
        return None
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


def check_state_writable(path: Path) -> None:
    """Refuse, before exporting anything, a state file that could not be written afterwards (a read-only
    folder, a full disk): a file is made beside it and removed."""
    probe = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    try:
        probe.write_text("{}\n", encoding="utf-8")
    except OSError as error:
        raise TimelineError(
            f"cannot write the state file {path}: {os_error_text(error)}; nothing was exported"
        ) from None
    finally:
        with suppress(OSError):
            probe.unlink(missing_ok=True)


def write_state(path: Path, manifest: Manifest, export: Path) -> None:
    """Record the new watermark, atomically, once the export is published."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    state = {
        "watermark": manifest.watermark,
        "schema_revision": manifest.schema_revision,
        "export": str(export),
    }
    try:
        temporary.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise TimelineError(
            f"the export {export} was published, but the state file {path} could not be written "
            f"({os_error_text(error)}): it still holds the previous watermark, so the next run exports "
            "these changes again"
        ) from None


def os_error_text(error: OSError) -> str:
    """What the system said, and about which file: ``No space left on device: /exports/x.csv``."""
    what = error.strerror or str(error)
    return f"{what}: {error.filename}" if error.filename else what
