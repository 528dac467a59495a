"""jingban: assess and settle the commercial insurers a medical-security bureau commissions."""


def __getattr__(name: str) -> str:
    # The version is read from the installed metadata only when asked for (`assess --version`):
    # importing importlib.metadata costs as much as the rest of `assess --help`.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("jingban")
    except PackageNotFoundError:  # running from a source tree that was never installed
        value = "0+unknown"
    globals()["__version__"] = value
    return value
