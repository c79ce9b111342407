"""Shared test configuration.

Hypothesis: no per-example deadline, because the first example in a process
compiles the Hyperscan database and loads the model (seconds, once), which a
deadline would report as a flaky test. Example counts are set per test with
:func:`strategies.budget`, kept modest so the whole suite stays fast on a
shared 2-core machine; ``HYPOTHESIS_SCALE=20`` multiplies them for a longer
local run.
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("credscore", deadline=None, print_blob=True)
settings.load_profile("credscore")
