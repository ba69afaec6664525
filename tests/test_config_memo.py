"""The tests' memo of MkDocs' mkdocs.yml parser (support/config_memo.py) gives what parsing again
would: a fresh copy, the environment's values, a parent file's edits and MkDocs' own errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils import yaml as mkdocs_yaml
from support import config_memo

PARSE = mkdocs_yaml.yaml_load.__wrapped__  # the memo is installed by conftest: this is MkDocs' own


def load(path: Path):
    memo = mkdocs_yaml.yaml_load
    assert memo is not PARSE
    with open(path, "rb") as handle:
        return memo(handle)


def test_the_same_file_gives_an_equal_fresh_copy(tmp_path: Path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: A\nextra: {alliance: {regions: [{code: X}]}}\n", encoding="utf-8")
    first = load(config)
    first["extra"]["alliance"]["regions"].clear()  # a caller's change never reaches the next caller
    assert load(config) == {"site_name": "A", "extra": {"alliance": {"regions": [{"code": "X"}]}}}
    config.write_text("site_name: B\n", encoding="utf-8")
    assert load(config) == {"site_name": "B"}


def test_the_environment_is_read_each_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    config = tmp_path / "mkdocs.yml"
    config.write_text("production: !ENV [MEMO_TEST, false]\n", encoding="utf-8")
    assert load(config) == {"production": False}
    monkeypatch.setenv("MEMO_TEST", "true")
    assert load(config) == {"production": True}


@pytest.mark.parametrize(
    "written",
    [
        "production: !ENV [MEMO_TEST, false]\n",
        "production: !ENV MEMO_TEST\n",
        "production: !ENV ['MEMO_TEST', false]\n",
        'production: !ENV ["MEMO_TEST", false]\n',
        "name: &name MEMO_TEST\nproduction: !ENV [*name, false]\n",
        "production: !ENV\n  - |-\n    MEMO_TEST\n  - false\n",
        "production: !ENV [memo_test, false]\n",  # Windows' variables ignore case
    ],
)
def test_a_variable_the_file_names_is_read_each_time(
    written: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    config = tmp_path / "mkdocs.yml"
    config.write_text(written, encoding="utf-8")
    monkeypatch.delenv("MEMO_TEST", raising=False)
    monkeypatch.delenv("memo_test", raising=False)
    seen = []
    for value in ("true", "false", "true"):
        monkeypatch.setenv("MEMO_TEST", value)
        monkeypatch.setenv("memo_test", value)
        with open(config, "rb") as handle:
            assert load(config) == PARSE(handle)
        seen.append(load(config)["production"])
    assert seen[0] != seen[1] and seen[0] == seen[2]


def test_other_variables_share_one_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Only the variables the file names count (a variable whose name it could write otherwise too):
    the tests set others, such as a GitHub event file's path, for every test."""
    parsed = []

    def parse(source, loader=None):
        parsed.append(source.name)
        return PARSE(source, loader)

    memo = config_memo.remembering(parse)
    config = tmp_path / "mkdocs.yml"
    config.write_text("production: !ENV [MEMO_TEST, false]\n", encoding="utf-8")
    monkeypatch.delenv("MEMO_TEST", raising=False)

    def read() -> dict:
        with open(config, "rb") as handle:
            return memo(handle)

    for value in ("one", "two"):
        monkeypatch.setenv("MEMO_OTHER", value)
        assert read() == {"production": False}
    assert len(parsed) == 1
    monkeypatch.setenv("MEMO_TEST", "true")
    assert read() == {"production": True} and len(parsed) == 2
    monkeypatch.setenv("MEMO TEST", "a name with a space")  # not a plain name: it counts
    assert read() == {"production": True} and len(parsed) == 3


def test_a_parent_files_edits_are_seen(tmp_path: Path):
    (tmp_path / "base.yml").write_text("site_name: Base\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("INHERIT: base.yml\n", encoding="utf-8")
    assert load(config) == {"site_name": "Base"}
    (tmp_path / "base.yml").write_text("site_name: Edited\n", encoding="utf-8")
    assert load(config) == {"site_name": "Edited"}


def test_errors_are_mkdocs_own_every_time(tmp_path: Path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: [unclosed\n", encoding="utf-8")
    with open(config, "rb") as handle, pytest.raises(ConfigurationError) as direct:
        PARSE(handle)
    for _ in range(2):
        with pytest.raises(ConfigurationError) as remembered:
            load(config)
        assert str(remembered.value) == str(direct.value)


def test_installing_twice_wraps_once():
    config_memo.install()
    assert mkdocs_yaml.yaml_load.__wrapped__ is PARSE


def test_copies_of_a_file_share_what_was_parsed_and_name_their_own_errors(tmp_path: Path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "mkdocs.yml").write_text("site_name: Same\n", encoding="utf-8")
        assert load(tmp_path / name / "mkdocs.yml") == {"site_name": "Same"}
        (tmp_path / name / "bad.yml").write_text("a: [\n", encoding="utf-8")
        with pytest.raises(ConfigurationError, match=f"{tmp_path / name / 'bad.yml'}"):
            load(tmp_path / name / "bad.yml")
