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
        self.module = module
        self.extra = extra
        super().__init__(
            f"{module} is not installed; install it with: pip install 'storyline[{extra}]'"
        )

    def __reduce__(self):
        # Raised in a worker process, it is pickled back to the parent: rebuild it from
        # its two arguments (the default would call __init__ with the message alone).
        return (type(self), (self.module, self.extra))


def require(module: str, extra: str):
    """Import an optional dependency, or raise MissingExtra with the install hint."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtra(module, extra) from exc
