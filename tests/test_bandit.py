"""bandit finds nothing in the package; any exception is justified on its own line."""

import json
import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_bandit_finds_nothing():
    completed = subprocess.run(
        [sys.executable, "-m", "bandit", "-r", "studyguide", "-q", "-f", "json"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(completed.stdout)
    findings = [
        f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}"
        for r in report["results"]
    ]
    assert findings == []
    assert completed.returncode == 0


def test_every_nosec_names_its_check_and_says_why():
    bare = []
    for path in (REPO_ROOT / "studyguide").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "nosec" in line and not re.search(r"# nosec B\d{3}(, B\d{3})* # \S.{8,}", line):
                bare.append(f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()}")
    assert bare == []
