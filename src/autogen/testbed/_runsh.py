"""The `run.sh` each run executes (the spec's "Scenario Execution Algorithm"), as data.

Steps, in the spec's order: source `ENV`; `global_init.sh`; `scenario_init.sh`; (the
requirements: installed once on the host before the runs, see `_requirements.py`, and found on
`PYTHONPATH`); `python scenario.py`; clean-up;
`scenario_finalize.sh`; `global_finalize.sh`; the completion marker. The clean-up removes `ENV`
(it holds the config list's keys) before the finalize scripts run and before anything is
collected as a result. When the run is sandboxed, a relay started first gives the scenario its
endpoints (see `_relay.py`).
"""

from __future__ import annotations

import shlex

__all__ = ["COMPLETE_MARKER", "EXIT_PREFIX", "run_script"]

COMPLETE_MARKER = "SCENARIO COMPLETE !#!#"
EXIT_PREFIX = "SCENARIO.PY EXIT CODE: "

_HEAD = """#!/usr/bin/env bash
# Written by `autogen testbed`; runs one scenario from a blank folder.
if [ -f ENV ]; then set -a; . ./ENV; set +a; fi
"""

_RELAY = """python -m autogen.testbed._relay {spec} </dev/null || exit 97
"""

_BODY = """if [ -f global_init.sh ]; then . ./global_init.sh; fi
if [ -f scenario_init.sh ]; then . ./scenario_init.sh; fi
python scenario.py
status=$?
echo "{exit_prefix}$status"
rm -f ENV
rm -rf .cache __pycache__
if [ -f scenario_finalize.sh ]; then . ./scenario_finalize.sh; fi
if [ -f global_finalize.sh ]; then . ./global_finalize.sh; fi
echo "{marker}"
"""


def run_script(relay_spec: str | None) -> str:
    """The script text; `relay_spec` is the relay's spec file, or None for a run without one."""
    relay = _RELAY.format(spec=shlex.quote(relay_spec)) if relay_spec else ""
    body = _BODY.format(exit_prefix=EXIT_PREFIX, marker=COMPLETE_MARKER)
    return _HEAD + relay + body
