"""The ``pip install`` line that an optional feature's message names.

newsdedup is installed from its repository (a checkout or a wheel built from one), not from
PyPI, so ``pip install 'newsdedup[parquet]'`` finds nothing. The line names the extra's
own packages instead, read from the installed distribution's metadata (so pyproject.toml is
the one place they are listed), and works wherever newsdedup was installed from.

>>> install("parquet")
"pip install 'pyarrow>=10'"
"""

from __future__ import annotations

import re
import shlex
from importlib import metadata

DISTRIBUTION = "newsdedup"
_EXTRA = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")
_NESTED = re.compile(rf"^{DISTRIBUTION}\[([^\]]+)\]")


def requirements(extra: str) -> list[str]:
    """The requirements an extra adds to the base install (nested extras followed)."""
    try:
        listed = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return []
    found: list[str] = []
    for line in listed:
        requirement, _, marker = line.partition(";")
        if extra not in _EXTRA.findall(marker):
            continue
        requirement = requirement.strip()
        if nested := _NESTED.match(requirement):
            found += [r for name in nested.group(1).split(",") for r in requirements(name.strip())]
        else:
            found.append(requirement)
    return list(dict.fromkeys(found))


def install(extra: str) -> str:
    """``pip install`` and the extra's packages, quoted for a shell."""
    packages = requirements(extra)
    if not packages:
        return f"pip install '.[{extra}]' (from the newsdedup checkout)"
    return "pip install " + " ".join(shlex.quote(p) for p in packages)


__all__ = ["install", "requirements"]
