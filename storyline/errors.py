"""The package's exceptions: one small tree, turned into one-line messages by the CLI."""


class StorylineError(Exception):
    """Base class for every error storyline raises on purpose."""


class IngestError(StorylineError):
    """An input could not be read or parsed."""


class StoreError(StorylineError):
    """The store is missing, corrupt or of an unknown schema version."""


class MissingExtra(StorylineError):
    """An optional dependency is not installed."""

    def __init__(self, module: str, extra: str) -> None:
        super().__init__(
            f"{module} is not installed; install it with: pip install 'storyline[{extra}]'"
        )


def require(module: str, extra: str):
    """Import an optional dependency, or raise MissingExtra with the install hint."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtra(module, extra) from exc
