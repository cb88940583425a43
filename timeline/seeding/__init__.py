"""Seeding: turning annotated documents into facts with evidence.

``seed(session, paths)`` reads every annotation first (so a malformed one stops the run before anything is
written), then applies them oldest document first, all inside the caller's transaction.
"""

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.orm import Session

from timeline.errors import InputError
from timeline.resources import seeds_folder
from timeline.seeding.annotation import Annotation, read
from timeline.seeding.apply import SeedReport, seed_annotation

ANNOTATION_SUFFIXES = (".yaml", ".yml")


def annotation_files(paths: Iterable[Path]) -> list[Path]:
    """The annotations named by ``paths``: annotation files, folders of them, or documents beside one.

    With no paths, the seeds bundled with timeline. A document with no annotation beside it is left to
    ``read_annotations``, which accepts it if an annotation names it as its document.
    """
    paths = list(paths) or [seeds_folder()]
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix in ANNOTATION_SUFFIXES)
            if not inside:
                raise InputError(f"{path}: no annotation files (*.yaml) in this folder")
            found.extend(inside)
        elif path.suffix in ANNOTATION_SUFFIXES:
            if not path.is_file():
                raise InputError(f"{path}: no such annotation file")
            found.append(path)
        else:
            beside = [path.with_suffix(suffix) for suffix in ANNOTATION_SUFFIXES]
            annotation = next((candidate for candidate in beside if candidate.is_file()), None)
            if annotation is not None:
                found.append(annotation)
            elif not path.is_file():
                raise InputError(f"{path}: not an annotation, and no {path.stem}.yaml beside it")
    return list(dict.fromkeys(found))


def read_annotations(paths: Iterable[Path]) -> list[Annotation]:
    """Read and check every annotation, ordered by the publication date of its document, then by path.

    A document is read from the annotation's folder, or from anywhere if it is named in ``paths`` too.
    """
    paths = list(paths)
    documents = {
        path.resolve(): path for path in paths if path.is_file() and path.suffix not in ANNOTATION_SUFFIXES
    }
    annotations = [read(path, frozenset(documents)) for path in annotation_files(paths)]
    used = {annotation.source.document.resolve() for annotation in annotations}
    for resolved, path in documents.items():
        if resolved not in used and not any(
            path.with_suffix(suffix).is_file() for suffix in ANNOTATION_SUFFIXES
        ):
            raise InputError(
                f"{path}: not an annotation, no {path.stem}.yaml beside it, "
                "and no annotation names it as its document"
            )
    slugs: dict[str, Path] = {}
    for annotation in annotations:
        previous = slugs.setdefault(annotation.source.slug, annotation.path)
        if previous != annotation.path:
            raise InputError(
                f"{annotation.path}: source slug {annotation.source.slug!r} is also used by {previous}"
            )
    return sorted(annotations, key=lambda a: (a.source.published.date, str(a.path)))


def seed(session: Session, paths: Iterable[Path]) -> list[SeedReport]:
    """Seed the annotations at ``paths`` in the caller's transaction; the caller commits or rolls back."""
    return [seed_annotation(session, annotation) for annotation in read_annotations(paths)]


__all__ = ["SeedReport", "annotation_files", "read_annotations", "seed"]
