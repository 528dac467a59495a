"""jingban: assess and settle the commercial insurers a medical-security bureau commissions."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jingban")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
