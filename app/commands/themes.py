"""``flask --app wsgi themes classify``: themes for answers given one per line on standard input."""

import json
import sys

import click

from app.domain.themes.engine import (
    DEFAULT_LANGUAGE,
    LexiconError,
    classify,
    lexicon_for,
    lexicon_language,
)


@click.group("themes")
def themes_group():
    """Suggest the themes of children's answers."""


@themes_group.command("classify")
@click.option(
    "--language",
    default=DEFAULT_LANGUAGE,
    show_default=True,
    help="The answers' language; English is used when there is no lexicon for it.",
)
def classify_command(language):
    """Read one answer per line (UTF-8) and write one JSON object per line, in the same order.

    Each line written is {"text": ..., "themes": [...], "urgent": true|false}; an empty line gives
    no themes, so that line numbers of answers and results always match.
    """
    used = lexicon_language(language)
    if used != language.strip().lower():
        click.echo(f"No lexicon for {language!r}: using {used!r}.", err=True)
    try:
        lexicon_for(used)  # a broken lexicon file fails here, before any answer is read
    except LexiconError as error:
        raise click.ClickException(f"The themes lexicon cannot be used: {error}") from error
    # Bytes in and out: answers are UTF-8 whatever the terminal's locale says.
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    for number, raw in enumerate(stdin, start=1):
        line = raw.rstrip(b"\r\n")
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]  # a byte order mark that spreadsheet programs put first
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            text = line.decode("utf-8", errors="replace")
            # The line number only: the answer itself is a child's words and stays out of logs.
            click.echo(f"Line {number} is not UTF-8; unreadable bytes were replaced.", err=True)
        result = classify(text, used)
        record = {"text": text, "themes": result.themes, "urgent": result.urgent}
        stdout.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    stdout.flush()
