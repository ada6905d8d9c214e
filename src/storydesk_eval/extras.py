"""The optional baselines of the ``eval`` extra (sumy, dateparser), imported only when a scorer runs."""

from __future__ import annotations

import importlib
from types import ModuleType

from storydesk.errors import EvalError

#: What to run when a baseline package is missing.
INSTALL_HINT = "pip install 'storydesk[eval]'"


class MissingExtraError(EvalError):
    """A baseline package of the ``eval`` extra is not installed."""


def require(module: str) -> ModuleType:
    """Import ``module`` (e.g. ``"dateparser"``, ``"sumy.summarizers.lex_rank"``) or explain the extra.

    Raises:
        MissingExtraError: the package is not installed; the message names the install command.
    """
    try:
        return importlib.import_module(module)
    except ImportError as err:
        package = module.split(".", 1)[0]
        raise MissingExtraError(f"the evaluation baseline '{package}' is not installed: "
                                f"run {INSTALL_HINT}", stage="eval") from err
