"""The package's version, in a module of its own: the stages that write it into their
outputs (``report``, ``exports``, the web pages) import it from here, below the package's
front door (``storyline/__init__``), which re-exports the one-call API of the top layer."""

__version__ = "0.1.0"
