"""Shared test configuration.

Hypothesis: no per-example deadline, because the first example in a process
compiles the Hyperscan database and loads the model (seconds, once), which a
deadline would report as a flaky test. Example counts are set per test with
:func:`strategies.budget`, kept modest so the whole suite stays fast on a
shared 2-core machine; ``HYPOTHESIS_SCALE=20`` multiplies them for a longer
local run.

Compiled Hyperscan databases are cached on disk (credscore._engine.cache_dir).
Unless ``CREDSCORE_CACHE_DIR`` is already set, the test session caches them in
a temporary directory of its own, removed at exit, so that the tests never
write to (or read from) the user's ``~/.cache``. Subprocesses started by tests
inherit the setting.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

from hypothesis import settings

if "CREDSCORE_CACHE_DIR" not in os.environ:
    _cache = tempfile.mkdtemp(prefix="credscore-test-cache-")
    os.environ["CREDSCORE_CACHE_DIR"] = _cache
    atexit.register(shutil.rmtree, _cache, ignore_errors=True)

settings.register_profile("credscore", deadline=None, print_blob=True, database=None)  # nothing written in the checkout
settings.load_profile("credscore")
