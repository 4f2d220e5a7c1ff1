"""A real server on a free loopback port, and headless Chromium, for the browser tests
and the screenshot script.

``live_server`` runs uvicorn in a thread and yields its base URL; ``launch_chromium``
starts the system's Chromium (Debian's ``chromium`` package) through Playwright,
never a browser that Playwright downloads.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import StorylineError, require

#: The system Chromium (Debian package ``chromium``).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)
#: Seconds to wait for the server to start.
START_TIMEOUT = 20.0


def chromium_missing() -> str | None:
    """Why the browser cannot run here, or None when it can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python Playwright is not installed (pip install 'storyline[web]')"
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        return (
            f"{CHROMIUM} is missing (install Debian's chromium package: apt-get install chromium)"
        )
    return None


def launch_chromium(playwright):
    """Headless system Chromium through a started ``sync_playwright()``."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=list(CHROMIUM_ARGS), headless=True
    )


@contextmanager
def live_server(db: str | Path, *, token: str | None = None) -> Iterator[str]:
    """Serve the store at ``db`` on 127.0.0.1 and a free port; yields ``http://127.0.0.1:PORT``."""
    uvicorn = require("uvicorn", "web")
    from .app import create_app

    app = create_app(db, token=token)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="storyline-live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise StorylineError("the web server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
