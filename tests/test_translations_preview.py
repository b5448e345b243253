"""``flask --app wsgi translate preview OUTDIR``: one booklet page and one letter per language drawn
to PNG files for a person to look at, on a throwaway database that is gone afterwards.

Drawing every offered language takes about a minute, so the browser test asks for three with
``--language``: Welsh, Arabic (right to left) and Tigrinya (Ethiopic script).
"""

from __future__ import annotations

import pytest
from PIL import Image

from app.domain.translations.preview import languages_to_draw

DRAWN = ("cy", "ar", "ti")


def _looks_drawn(path) -> None:
    """A real picture of a page: PNG, phone-sized or larger, and not one flat colour."""
    with Image.open(path) as image:
        assert image.format == "PNG", path
        width, height = image.size
        assert width >= 300 and height >= 400, (path, image.size)
        colours = image.convert("L").getextrema()
        assert colours[0] < colours[1], f"{path.name} is blank"
        # Words drawn, not a speck: dark pixels cover a fair part of the picture.
        dark = sum(image.convert("L").point(lambda v: v < 128 and 255).histogram()[255:])
        assert dark > width * height / 1000, f"{path.name} has almost nothing drawn"


@pytest.mark.browser
def test_preview_draws_a_page_and_a_letter_per_language(app, runner, tmp_path):
    assert set(DRAWN) <= set(app.config["LANGUAGES"])
    outdir = tmp_path / "preview"
    args = ["translate", "preview", str(outdir)]
    for code in DRAWN:
        args += ["--language", code]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    expected = {f"{kind}-{code}.png" for kind in ("page", "letter") for code in DRAWN}
    # Only the pictures: the throwaway database (and its journal files) and the PDFs are gone.
    assert {p.name for p in outdir.iterdir()} == expected
    assert {line.rsplit("/", 1)[-1] for line in result.output.split()} == expected
    for name in sorted(expected):
        _looks_drawn(outdir / name)
    # The page is the phone's width; the letter is an A4 page (taller than wide).
    with Image.open(outdir / "page-ar.png") as page:
        assert page.size[0] == 360
    with Image.open(outdir / "letter-ti.png") as letter:
        assert letter.size[1] > letter.size[0]


def test_preview_languages_default_to_every_offered_one_in_order():
    offered = ["en", "cy", "ar", "ti"]
    assert languages_to_draw((), offered) == offered
    assert languages_to_draw(("ti", "ar"), offered) == ["ar", "ti"]
    with pytest.raises(ValueError, match="not offered: xx"):
        languages_to_draw(("ar", "xx"), offered)


def test_preview_refuses_a_language_not_offered_and_draws_nothing(app, runner, tmp_path):
    outdir = tmp_path / "preview"
    result = runner.invoke(args=["translate", "preview", str(outdir), "--language", "fr"])
    assert result.exit_code == 2
    assert "not offered: fr" in result.output
    assert not outdir.exists()
