"""crewtui's catalogues of crewai_tools classes equal what each installed release has.

The export imports a listed class from ``crewai_tools`` and passes only its listed arguments
(pydantic drops unknown ones silently), so a catalogue that drifts from the package writes stubs
for real classes or loses settings.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from crewtui.interop.crewai_tools_catalog import tools_for

from .crewai_env import offline_env, require_crewai, require_latest_crewai

pytestmark = pytest.mark.crewai

PROBE = Path(__file__).with_name("tool_classes.py")


@pytest.mark.parametrize("release", ["1.3", "1.15"])
def test_catalogue_matches_the_installed_crewai_tools(release: str, tmp_path: Path) -> None:
    python = require_crewai() if release == "1.3" else require_latest_crewai()
    out = subprocess.run(
        [str(python), str(PROBE)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        env=offline_env(tmp_path),
        cwd=tmp_path,
    )
    installed = {k: frozenset(v) for k, v in json.loads(out.stdout.splitlines()[-1]).items()}
    catalogue = tools_for(release)
    assert sorted(set(installed) - set(catalogue)) == [], "classes the catalogue lacks"
    assert sorted(set(catalogue) - set(installed)) == [], "classes the release does not have"
    changed = {
        k: sorted(installed[k] ^ catalogue[k]) for k in installed if installed[k] != catalogue[k]
    }
    assert changed == {}
