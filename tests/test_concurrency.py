"""Two `timeline seed` processes at once against the same database neither duplicate nor lose facts."""

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SEEDS, dump, query

LATER = Path(__file__).parent / "data" / "aes-ministers-in-moscow.yaml"


def seed_at_once(db: str, *runs: list[str]) -> list[subprocess.CompletedProcess[str]]:
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "timeline", "--db", db, "seed", *paths],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for paths in runs
    ]
    results = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr))
    return results


def test_concurrent_seeds_of_the_same_documents_write_each_fact_once(db: str, empty_db: str) -> None:
    runs = [[str(SEEDS), str(LATER)], [str(SEEDS), str(LATER)], [str(SEEDS)]]
    for result in seed_at_once(db, *runs):
        assert result.returncode == 0, result.stderr
    # The same facts as one seed of both documents, row for row.
    subprocess.run(
        [sys.executable, "-m", "timeline", "--db", empty_db, "db", "upgrade"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [sys.executable, "-m", "timeline", "--db", empty_db, "seed", str(SEEDS), str(LATER)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    concurrent, sequential = dump(db), dump(empty_db)
    assert {table: len(rows) for table, rows in concurrent.items()} == {
        table: len(rows) for table, rows in sequential.items()
    }
    assert query(db, "SELECT count(*), count(DISTINCT slug) FROM actor") == [(13, 13)]
    assert query(db, "SELECT status FROM event WHERE slug = 'aes-russia-consultations-1'") == [("held",)]
    assert query(db, "SELECT name FROM actor WHERE slug = 'mali-foreign-minister'") == [("Abdoulaye Diop",)]


def test_concurrent_upgrades_of_a_new_database_queue_and_the_later_finds_nothing_to_do(empty_db: str) -> None:
    """Migrations hold the writer lock: the second `db upgrade` waits for the first, then sees the head."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "timeline", "--db", empty_db, "db", "upgrade"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
        assert "Error" not in stderr
    check = subprocess.run(
        [sys.executable, "-m", "timeline", "--db", empty_db, "db", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    assert query(empty_db, "SELECT count(*) FROM alembic_version") == [(1,)]
