"""oss-directory loading and validation: every problem reported at once, with path and field."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from oso.registry import (
    RegistryError,
    load_registry,
    registry_tables,
    tracked_github,
    validate_tree,
)
from oso.registry.validate import SCHEMA_DIR, _fast_validator, _validator
from tests.conftest import REPO_ROOT, shared_data

GOOD = """version: 7
name: {name}
display_name: {display}
github:
  - url: https://github.com/{name}
"""


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def small_tree(root: Path) -> Path:
    write(root, "projects/a/alpha.yaml", GOOD.format(name="alpha", display="Alpha"))
    write(root, "projects/b/beta.yaml", GOOD.format(name="beta", display="Beta"))
    write(
        root,
        "collections/c1.yaml",
        "version: 7\nname: c1\ndisplay_name: C1\nprojects: [alpha, beta]\n",
    )
    return root


def test_full_real_registry_loads_and_validates() -> None:
    """Its speed is measured by bench/registry_load.py, not asserted here."""
    registry = load_registry(shared_data("oss-directory"))
    assert len(registry.projects) == 7112
    assert len(registry.collections) == 117
    tables = registry_tables(registry)
    assert tables["projects"].num_rows == 7112
    assert tables["collection_projects"].num_rows > 9000
    tracked = tracked_github(registry)
    assert "uniswap/v3-core" in tracked.repos
    assert "uniswapfoundation" in tracked.owners


def test_bundled_schemas_equal_upstream() -> None:
    upstream = shared_data("oss-directory", "schema")
    for path in sorted(upstream.glob("*.json")):
        assert json.loads((SCHEMA_DIR / path.name).read_text()) == json.loads(path.read_text()), (
            path.name
        )


def test_bundled_registry_is_valid() -> None:
    registry = load_registry(REPO_ROOT / "oss-directory")
    assert len(registry.projects) >= 5
    assert registry.collections


def test_every_problem_reported_at_once_with_path_and_field(tmp_path: Path) -> None:
    root = small_tree(tmp_path)
    write(
        root,
        "projects/b/bad-url.yaml",
        GOOD.format(name="bad-url", display="X").replace("https://github.com/bad-url", "not a uri"),
    )
    write(root, "projects/n/no-display.yaml", "version: 7\nname: no-display\n")
    write(root, "projects/w/wrong-file.yaml", GOOD.format(name="other-name", display="W"))
    write(
        root,
        "projects/s/social.yaml",
        "version: 7\nname: social\ndisplay_name: S\nsocial:\n  myspace:\n    - url: https://x.y\n",
    )
    write(
        root,
        "projects/c/chain.yaml",
        "version: 7\nname: chain\ndisplay_name: C\nblockchain:\n  - address: '0x1'\n    tags: [robot]\n    networks: [optimism]\n",
    )
    write(
        root,
        "projects/v/version.yaml",
        GOOD.format(name="version", display="V").replace("version: 7", "version: 6"),
    )
    write(root, "projects/y/yaml.yaml", "version: 7\nname: [unclosed\n")
    write(
        root,
        "collections/c2.yaml",
        "version: 7\nname: c2\ndisplay_name: C2\nprojects: [alpha, ghost]\n",
    )
    registry, issues = validate_tree(root)
    found = {(i.path, i.field) for i in issues}
    assert ("projects/b/bad-url.yaml", "github[0].url") in found
    assert ("projects/n/no-display.yaml", "display_name") in found
    assert ("projects/w/wrong-file.yaml", "name") in found
    assert ("projects/s/social.yaml", "social") in found
    assert ("projects/c/chain.yaml", "blockchain[0].tags[0]") in found
    assert ("projects/v/version.yaml", "version") in found
    assert any(i.path == "projects/y/yaml.yaml" and "not valid YAML" in i.message for i in issues)
    assert ("collections/c2.yaml", "projects[1]") in found
    # invalid files are not loaded; valid ones are, but load_registry refuses the whole tree
    assert set(registry.projects) == {"alpha", "beta"}
    with pytest.raises(RegistryError) as err:
        load_registry(root)
    assert len(err.value.issues) == len(issues) >= 8
    assert "projects/b/bad-url.yaml [github[0].url]" in str(err.value)


def test_duplicate_names_are_reported(tmp_path: Path) -> None:
    root = small_tree(tmp_path)
    write(root, "projects/x/alpha.yaml", GOOD.format(name="alpha", display="Alpha again"))
    _, issues = validate_tree(root)
    assert any("used by 2 files" in i.message for i in issues)


def test_upstream_data_layout_is_accepted(tmp_path: Path) -> None:
    small_tree(tmp_path / "data")
    registry = load_registry(tmp_path)
    assert set(registry.projects) == {"alpha", "beta"}


def test_validate_cli_reports_and_exits_nonzero(tmp_path: Path) -> None:
    root = small_tree(tmp_path)
    ok = subprocess.run(
        [sys.executable, "-m", "oso.cli", "validate", str(root)], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    assert "2 projects, 1 collections loaded; valid" in ok.stdout
    write(root, "projects/n/no-display.yaml", "version: 7\nname: no-display\n")
    bad = subprocess.run(
        [sys.executable, "-m", "oso.cli", "validate", str(root)], capture_output=True, text=True
    )
    assert bad.returncode == 1
    assert "projects/n/no-display.yaml [display_name]" in bad.stderr


def test_copy_of_real_registry_with_one_broken_file_fails_naming_it(tmp_path: Path) -> None:
    src = shared_data("oss-directory")
    root = tmp_path / "ossd"
    shutil.copytree(src / "projects", root / "projects")
    shutil.copytree(src / "collections", root / "collections")
    target = root / "projects" / "u" / "uniswap.yaml"
    target.write_text(target.read_text().replace("display_name: Uniswap\n", ""))
    with pytest.raises(RegistryError) as err:
        load_registry(root)
    assert [str(i) for i in err.value.issues] == [
        "projects/u/uniswap.yaml [display_name]: 'display_name' is a required property"
    ]


def test_fast_and_explaining_validators_agree_on_valid_and_broken_files() -> None:
    """jsonschema_rs decides, jsonschema explains: they must agree on every verdict."""
    root = shared_data("oss-directory")
    files = sorted((root / "projects").rglob("*.yaml"))[::50]
    breaks = [
        lambda d: d.update(github=[{"url": "not a url"}]),
        lambda d: d.update(name=7),
        lambda d: d.pop("name"),
        lambda d: d.update(unknown_field=True),
        lambda d: d.update(npm=[{"url": None}]),
        lambda d: d.update(blockchain=[{"address": "0x1", "tags": ["nope"], "networks": []}]),
    ]
    verdicts = set()
    for path in files:
        doc = yaml.safe_load(path.read_text())
        for broken in [None, *breaks]:
            case = json.loads(json.dumps(doc))
            if broken:
                broken(case)
            fast = _fast_validator("project").is_valid(case)
            assert fast == _validator("project").is_valid(case), (path, case)
            verdicts.add(fast)
    assert verdicts == {True, False}
