"""The package's version, and how to add one of its extras to this installation."""

from __future__ import annotations

import json
import os
from importlib import metadata
from urllib.parse import unquote, urlsplit

__version__ = "0.1.0"


def install_command(extra: str) -> str:
    """The pip command that adds the optional dependencies ``extra`` to this installation.

    ``pip install "credscore[extra]"`` for a release from a package index. credscore installed from a
    folder (a clone: ``pip install .`` or ``pip install -e .``) is not on the index under that name, so
    the command names the folder pip recorded (``direct_url.json``, PEP 610), or the address it came
    from. What cannot be read, or a folder that is gone, gives the index's form.
    """
    plain = f'pip install "credscore[{extra}]"'
    try:
        recorded = metadata.distribution("credscore").read_text("direct_url.json")
        origin = json.loads(recorded) if recorded else None
    except (metadata.PackageNotFoundError, OSError, ValueError):
        return plain
    if not isinstance(origin, dict) or not isinstance(origin.get("url"), str):
        return plain
    url: str = origin["url"]
    folder = origin.get("dir_info")
    if isinstance(folder, dict) and url.startswith("file://"):
        path = unquote(urlsplit(url).path)
        if not os.path.isdir(path):
            return plain
        editable = "-e " if folder.get("editable") else ""
        return f'pip install {editable}"{path}[{extra}]"'
    vcs = origin.get("vcs_info")
    if isinstance(vcs, dict) and isinstance(vcs.get("vcs"), str) and not url.startswith(f"{vcs['vcs']}+"):
        url = f"{vcs['vcs']}+{url}"  # git+https://...
    return f'pip install "credscore[{extra}] @ {url}"'
