"""Links in letters and messages: full addresses from PUBLIC_BASE_URL, made the same way with or
without a request (a command has none), and never through a made-up request."""

import pytest
from flask import Flask, url_for

from app.domain.messages.alerts import review_link
from app.domain.messages.urls import absolute_url, booklet_link, path_for, start_link
from app.models import Review


@pytest.fixture
def no_made_up_request(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a link was built inside a made-up request")

    monkeypatch.setattr(Flask, "test_request_context", refuse)


def test_a_command_links_to_the_public_address(app, no_made_up_request):
    app.config.update(PUBLIC_BASE_URL="https://mysay.council.test/", SERVER_NAME=None)
    with app.app_context():
        assert review_link(Review(id=7)) == "https://mysay.council.test/staff/reviews/7"
        assert booklet_link("abc") == "https://mysay.council.test/b/abc"
        assert start_link() == "https://mysay.council.test/"


def test_without_a_public_address_a_command_uses_the_server_name(app, no_made_up_request):
    app.config.update(PUBLIC_BASE_URL="", SERVER_NAME="mysay.example.org")
    with app.app_context():
        assert review_link(Review(id=7)) == "http://mysay.example.org/staff/reviews/7"


def test_with_no_address_at_all_a_command_gives_the_path(app, no_made_up_request):
    app.config.update(PUBLIC_BASE_URL="", SERVER_NAME=None)
    with app.app_context():
        assert review_link(Review(id=7)) == "/staff/reviews/7"


def test_a_request_without_a_public_address_links_to_its_own_host(app):
    app.config.update(PUBLIC_BASE_URL="", SERVER_NAME=None)
    with app.test_request_context(base_url="https://mysay.example.org"):
        assert booklet_link("abc") == "https://mysay.example.org/b/abc"


def test_a_path_built_without_a_request_is_the_one_a_request_builds(app):
    app.config.update(PUBLIC_BASE_URL="", SERVER_NAME=None, APPLICATION_ROOT="/mysay")
    with app.test_request_context(base_url="http://localhost/mysay"):
        in_a_request = url_for("booklet.open_link", token="abc", lang="cy")
    with app.app_context():
        outside = path_for("booklet.open_link", token="abc", lang="cy")
        app.config["PUBLIC_BASE_URL"] = "https://council.test"
        public = absolute_url("booklet.open_link", token="abc", lang="cy")
    assert outside == in_a_request == "/mysay/b/abc?lang=cy"
    assert public == "https://council.test/mysay/b/abc?lang=cy"
