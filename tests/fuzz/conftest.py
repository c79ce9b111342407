"""Keep pytest out of this folder: the atheris harnesses are run by run.sh, not collected.

``--doctest-modules`` would import every ``.py`` file here (and atheris is not
a test dependency), and ``--doctest-glob=README.md`` would read this folder's
README as a doctest file.
"""

collect_ignore_glob = ["*.py", "*.md", "corpus/*", ".work/*"]
