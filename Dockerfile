# My Say's image: the app under gunicorn, and the same image runs the RQ worker, the scheduler
# and the migrations (see compose.yaml and docs/deploy.md).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MYSAY_ENV=production

# WeasyPrint draws letters and the pack with Pango; Noto covers every script a child may write
# in (Arabic, Ethiopic, Urdu's Nastaliq among them), so no PDF shows empty boxes.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-noto-core fonts-noto-extra \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /srv/mysay
COPY requirements/main.txt requirements/main.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/main.txt
COPY . .
# The catalogues are compiled here, at build, never committed (translations/README.md), by the
# same code as `flask --app wsgi translate compile` (which would need the production secrets).
RUN pip install --no-cache-dir --no-deps -e . \
    && python -c "from app.domain.translations import compile_catalogues as c; print(c())" \
    && useradd --system --uid 10001 --home /srv/mysay mysay \
    && mkdir -p instance .cache && chown mysay instance .cache
USER mysay
# Fontconfig and matplotlib keep their caches in the app user's home, which is read-only but for
# these; without a writable place every process warns (on stderr, not JSON) and matplotlib
# rebuilds its font list. Built once here so the first pack after a deploy is not slower.
ENV XDG_CACHE_HOME=/srv/mysay/.cache \
    MPLCONFIGDIR=/srv/mysay/.cache/matplotlib
RUN python -c "import matplotlib.font_manager" && fc-cache

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD ["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
