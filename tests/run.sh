#!/bin/sh
# The project's one test command (see README): installs what a fresh machine lacks, then runs the
# linters and the whole suite. Extra arguments go to pytest. TEST_DATABASE_URL picks PostgreSQL.
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
# Exact versions, checked against their hashes (requirements/test.txt, made by pip-compile from
# pyproject.toml); then the project itself, whose dependencies that file already holds.
.venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements/test.txt
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian's Chromium for the browser tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  else
    echo "The browser tests need Debian's Chromium: sudo apt-get install chromium" >&2
    exit 1
  fi
fi
# The PDF letters are drawn in every script a child reads: Debian's Noto fonts (see README).
if ! fc-list 2>/dev/null | grep -q "NotoSansEthiopic"; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian's Noto fonts for the letters..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core) >/dev/null
  else
    echo "The letter tests need Debian's Noto fonts: sudo apt-get install fonts-noto-core" >&2
    exit 1
  fi
fi
# `translate preview` draws the letters to PNG with poppler's pdftoppm (tests/test_translations_preview.py).
if ! command -v pdftoppm >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing poppler-utils for the letter previews..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils) >/dev/null
  else
    echo "The preview tests need poppler's pdftoppm: sudo apt-get install poppler-utils" >&2
    exit 1
  fi
fi
# The compiled catalogues are built here, as at install; they are never committed.
.venv/bin/flask --app wsgi translate compile
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest "$@"
