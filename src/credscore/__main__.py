"""``python -m credscore``: the same as the ``credscore`` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
