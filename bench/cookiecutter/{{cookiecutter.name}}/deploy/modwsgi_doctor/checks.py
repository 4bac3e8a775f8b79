"""The checks in the order they run: importing each group registers its checks."""
from . import python_checks, account_checks, importer, apache_checks, live_checks  # noqa: F401
from .registry import CHECKS, NAMES, Doctor  # noqa: F401
