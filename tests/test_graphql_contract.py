"""The committed GraphQL contract (api/schema.graphql) is the served schema, and V1 is stable."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from api.graphql.contract import CONTRACT_PATH, served_sdl, stable_breaking_changes

REPO = CONTRACT_PATH.parent.parent
RELATIVE = CONTRACT_PATH.relative_to(REPO).as_posix()


def test_committed_contract_is_the_served_schema() -> None:
    assert CONTRACT_PATH.read_text() == served_sdl(), (
        "the served GraphQL schema changed: review the change and commit the new contract "
        "with `python -m api.graphql.contract --write`"
    )


def test_removing_a_v1_field_is_a_breaking_change() -> None:
    sdl = served_sdl()
    # Drop one field (and its description) from the stable type Oso_ProjectsV1.
    trimmed = re.sub(
        r'(type Oso_ProjectsV1 \{.*?)\n\n  """[^"]*"""\n  displayName: String\n',
        r"\1\n",
        sdl,
        count=1,
        flags=re.S,
    )
    assert trimmed != sdl, "the test's edit did not apply: Oso_ProjectsV1.displayName not found"
    changes = stable_breaking_changes(sdl, trimmed)
    assert [c.description for c in changes] == ["Oso_ProjectsV1.displayName was removed."]
    # Adding the field back, or a change to a v0 type only, is not a stable breaking change.
    assert stable_breaking_changes(trimmed, sdl) == []


def _committed_versions() -> list[tuple[str, str]]:
    git = shutil.which("git")
    if git is None or not (REPO / ".git").exists():
        pytest.skip("needs the git history of api/schema.graphql (a git checkout with git)")
    revisions = subprocess.run(
        [git, "log", "--format=%H", "--", RELATIVE],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [
        (
            rev,
            subprocess.run(
                [git, "show", f"{rev}:{RELATIVE}"],
                cwd=REPO,
                capture_output=True,
                text=True,
                check=True,
            ).stdout,
        )
        for rev in revisions
    ]


def test_no_committed_v1_field_was_ever_removed() -> None:
    current = served_sdl()
    for revision, old in _committed_versions():
        changes = stable_breaking_changes(old, current)
        assert changes == [], (
            f"the served schema breaks V1 fields of api/schema.graphql at {revision[:10]}: "
            + "; ".join(c.description for c in changes)
        )
