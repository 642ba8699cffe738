"""A backup taken as docs/operations.md says restores with nothing missing."""

from __future__ import annotations

import pytest

from tests.operations.conftest import manage, production_env

# Each test starts its own PostgreSQL server and gunicorn: one worker runs them one after another.
pytestmark = [pytest.mark.operations, pytest.mark.xdist_group("operations")]

COUNT_EVERY_TABLE = """
SELECT string_agg(format('%s=%s', table_name,
       (xpath('/row/c/text()', query_to_xml(format('select count(*) as c from %I', table_name), false, true, '')))[1]),
       ',' ORDER BY table_name)
FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
"""


def _counts(server, database: str) -> dict[str, int]:
    out = server.run("psql", "-d", database, "-tAc", COUNT_EVERY_TABLE).stdout.strip()
    return {name: int(count) for name, count in (pair.split("=") for pair in out.split(","))}


def test_dump_and_restore_loses_nothing(scratch_postgres, tmp_path):
    """pg_dump --format=custom and pg_restore, as in the operations guide."""
    env = production_env(scratch_postgres.url(), tmp_path / "static")
    manage(env, "migrate", "--no-input")
    manage(env, "load_register")
    manage(env, "load_network")
    before = _counts(scratch_postgres, "app")
    assert before["members_municipality"] == 308 and before["members_membership"] == 52

    dump = str(scratch_postgres.dir / "tervekunta.dump")  # a folder the postgres user can write
    scratch_postgres.run("pg_dump", "--format=custom", "--no-owner", f"--file={dump}", "app")
    scratch_postgres.run("createdb", "restored")
    scratch_postgres.run("pg_restore", "--no-owner", "--exit-on-error", "-d", "restored", dump)

    assert _counts(scratch_postgres, "restored") == before
    restored_env = production_env(scratch_postgres.url("restored"), tmp_path / "static")
    check = manage(restored_env, "shell", "-c", "from members.selectors import members_on; import datetime;"
                   "print(len(members_on(datetime.date(2024, 6, 30)).members))")  # fmt: skip
    assert check.stdout.strip().splitlines()[-1] == "52"
    migrations = manage(restored_env, "migrate", "--check")
    assert migrations.returncode == 0
