"""One schema, three backends: seeding the same documents gives the same content everywhere."""

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.backends import Backend, reachable
from tests.conftest import BACKENDS, SEEDS, dump, run

LATER = Path(__file__).parent / "data" / "aes-ministers-in-moscow.yaml"


def canonical(db: str) -> str:
    """Every row of every table as JSON, with each backend's date and number types made alike."""

    def plain(value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    content = {table: [[plain(value) for value in row] for row in rows] for table, rows in dump(db).items()}
    # When a change happened differs from run to run; which changes, and in what order, must not.
    content["change_log"] = [row[:-1] for row in content["change_log"]]
    return json.dumps(content, ensure_ascii=False, sort_keys=True, indent=1)


def test_seeding_gives_the_same_content_on_every_backend(tmp_path: Path) -> None:
    dumps: dict[str, str] = {}
    for name in BACKENDS:
        if name != "sqlite" and (problem := reachable(name)) is not None:
            if os.environ.get("CI") == "true":
                pytest.fail(f"{name} server unreachable: {problem}")
            continue
        backend = Backend(name, tmp_path)
        url = backend.migrated()
        try:
            result = run(url, "seed", str(SEEDS), str(LATER))
            assert result.exit_code == 0, result.stderr
            dumps[name] = canonical(url)
        finally:
            backend.drop(url)
            backend.close()
    if len(dumps) < 2:
        pytest.skip("only one backend is reachable")
    reference = dumps["sqlite"]
    assert '"2025-04-03"' in reference and "Abdoulaye Diop" in reference
    for name, content in dumps.items():
        assert content == reference, f"{name} differs from sqlite"
