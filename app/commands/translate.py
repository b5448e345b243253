"""``flask --app wsgi translate``: keep the catalogues under translations/ in step with the code.

``extract`` remakes the templates from the sources, ``update`` merges every language's catalogue
with them, ``compile`` builds the ``.mo`` files the app reads (at install; they are not
committed), ``status`` says how complete each language is for children.
"""

from pathlib import Path

import click

from app.domain import translations


@click.group("translate")
def translate_group():
    """Extract, update and compile the translation catalogues."""


@translate_group.command("extract")
def extract_command():
    """Write translations/messages.pot and translations/children.pot from the sources."""
    full, children = translations.extract()
    click.echo(f"{full.name}: {len(translations.msgids(full))} strings")
    click.echo(f"{children.name}: {len(translations.msgids(children))} strings for children")


@translate_group.command("update")
def update_command():
    """Merge every language's catalogue with translations/messages.pot."""
    codes = translations.update()
    click.echo(f"updated {len(codes)} catalogues: {' '.join(codes)}")


@translate_group.command("compile")
def compile_command():
    """Build the .mo files the app reads, for every catalogue that changed."""
    codes = translations.compile_catalogues()
    click.echo(f"compiled {len(codes)} catalogues" + (f": {' '.join(codes)}" if codes else ""))


@translate_group.command("status")
def status_command():
    """How many strings a child sees each language still lacks; which languages are offered."""
    from babel.messages.pofile import read_po

    wanted = translations.msgids(translations.TRANSLATIONS_DIR / "children.pot")
    offered = translations.offered_languages()
    for code in translations.REQUIRED:
        path = translations.po_path(code)
        if not path.exists():
            click.echo(f"{code:6} no catalogue")
            continue
        with path.open("rb") as f:
            missing = translations.untranslated(read_po(f), wanted)
        state = "offered" if code in offered else "not offered (compile, or finish it)"
        click.echo(f"{code:6} {len(wanted) - len(missing)}/{len(wanted)} {state}")


@translate_group.command("preview")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--language",
    "languages",
    multiple=True,
    metavar="CODE",
    help="Only this language (repeat for more); every offered language when left out.",
)
def preview_command(outdir: Path, languages: tuple[str, ...]):
    """Draw one booklet page and one letter in every language to PNG files, for a person to look."""
    from flask import current_app

    from app.domain.translations.preview import languages_to_draw, render_previews

    try:
        languages_to_draw(languages, current_app.config["LANGUAGES"])
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--language") from None
    for path in render_previews(outdir, languages):
        click.echo(path)
