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
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest "$@"
