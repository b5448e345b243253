"""Issue 11, gap 9: children's words, names and contact details encrypted at rest, keys outside
the database, a rotation command, and the reports still built from them."""

import json

import pytest
from cryptography.fernet import Fernet
from flask_migrate import upgrade
from sqlalchemy import text

from app.config import UnsafeConfig, check_production
from app.domain.booklets.definitions import booklet_of
from app.domain.pack.build import build_pack
from app.domain.privacy import crypto
from app.extensions import db
from app.models import Answer, Child
from app.models.sending import InvitationContact
from tests.booklet_helpers import POSTED
from tests.factories import answers_of, make_invitation
from tests.pack_helpers import QUOTE_EZRA, years
from tests.setup_helpers import empty_app


def raw(sql: str, **params):
    return db.session.execute(text(sql), params).all()


def test_names_words_and_addresses_are_ciphertext_in_the_database(app, client):
    link = make_invitation(ref="C-9", name="Ava")
    client.get(f"/b/{link.token}")
    client.post("/my-say/page/2", data=POSTED[2])
    (stored,) = raw("SELECT preferred_name FROM child WHERE child_ref = 'C-9'")
    assert "Ava" not in stored[0] and stored[0].startswith("gAAAA")  # a Fernet token
    # Who to ring says where the child lives: encrypted too.
    child = db.session.get(Child, invitation_child(link))
    child.placement_contact, child.social_worker = "Jo Carer 07700 900123", "Sam Worker"
    db.session.commit()
    (contacts,) = raw("SELECT placement_contact, social_worker FROM child WHERE child_ref = 'C-9'")
    assert all(c.startswith("gAAAA") for c in contacts)
    assert "07700" not in contacts[0] and "Sam" not in contacts[1]
    words = [a for a in answers_of(link).values() if a.words]
    assert words and any("My nan" in a.value for a in words)
    for (token,) in raw("SELECT words FROM answer WHERE words IS NOT NULL"):
        assert "nan" not in token
    # Choices stay in clear, where the reports count them in SQL.
    assert raw("SELECT value FROM answer WHERE value IS NOT NULL")
    db.session.add(InvitationContact(invitation_id=link.id, channel="email", address="a@b.org"))
    db.session.commit()
    assert "a@b.org" not in raw("SELECT address FROM invitation_contact")[0][0]
    assert db.session.get(Child, invitation_child(link)).preferred_name == "Ava"


def invitation_child(link):
    return raw(
        "SELECT review.child_id FROM invitation JOIN review ON review.id = invitation.review_id "
        "WHERE invitation.id = :id",
        id=link.id,
    )[0][0]


def test_the_pack_and_its_quotes_build_from_encrypted_words(years):
    for answer in db.session.scalars(db.select(Answer)).all():
        questions = booklet_of(answer.invitation.booklet_version).questions()
        if any(q.key == answer.question_key and q.is_text for q in questions):
            answer.set_value(answer.value, words=True)
    db.session.commit()
    assert raw("SELECT count(*) FROM answer WHERE words IS NOT NULL")[0][0] > 0
    pack = build_pack(2024)
    assert QUOTE_EZRA in [quote.text for quote in pack.quotes]
    summary = {
        row[0]: row[1:]
        for row in next(t for t in pack.tables if t.name == "participation-summary").rows
    }
    assert summary["Reviews"] == [5, 3]


@pytest.fixture
def restore_keys(app):
    yield
    crypto.configure(app.config["DATA_KEYS"])


def test_keys_rotate_re_encrypts_everything_with_the_new_key(app, runner, client, restore_keys):
    old = app.config["DATA_KEYS"][0]
    link = make_invitation(name="Ava")
    client.get(f"/b/{link.token}")
    client.post("/my-say/page/2", data=POSTED[2])
    new = Fernet.generate_key().decode()
    crypto.configure([new, old])
    result = runner.invoke(args=["keys", "rotate"])
    assert result.exit_code == 0 and "re-encrypted" in result.output
    crypto.configure([new])  # the old key is gone now
    db.session.expire_all()
    assert any("My nan" in str(a.value) for a in answers_of(link).values())
    assert db.session.scalars(db.select(Child.preferred_name)).all() == ["Ava"]


def test_without_the_right_key_nothing_is_readable_and_it_says_why(app, client, restore_keys):
    link = make_invitation(name="Ava")
    crypto.configure([Fernet.generate_key().decode()])
    db.session.expire_all()
    with pytest.raises(crypto.KeysMissing, match="old key missing"):
        db.session.scalars(db.select(Child.preferred_name)).all()
    assert link


def test_a_development_key_is_made_in_instance_and_production_needs_its_own(tmp_path, monkeypatch):
    monkeypatch.delenv(crypto.KEYS_VARIABLE, raising=False)
    monkeypatch.delenv(crypto.KEY_FILE_VARIABLE, raising=False)
    (key,) = crypto.keys_from_environment(tmp_path, allow_dev_key=True)
    assert (tmp_path / "data.key").read_text().strip() == key
    assert crypto.keys_from_environment(tmp_path, allow_dev_key=True) == [key]
    assert crypto.keys_from_environment(tmp_path / "prod", allow_dev_key=False) == []
    new, old, a, b = (Fernet.generate_key().decode() for _ in range(4))
    key_file = tmp_path / "keys.txt"
    key_file.write_text(f"# newest first\n{new}\n{old}\n")
    monkeypatch.setenv(crypto.KEY_FILE_VARIABLE, str(key_file))
    assert crypto.keys_from_environment(tmp_path, allow_dev_key=False) == [new, old]
    monkeypatch.setenv(crypto.KEYS_VARIABLE, f"{a}, {b}")
    assert crypto.keys_from_environment(tmp_path, allow_dev_key=False) == [a, b]
    settings = {
        "ENV_NAME": "production",
        "SECRET_KEY": "x" * 40,
        "RATELIMIT_STORAGE_URI": "redis://h",
    }
    with pytest.raises(UnsafeConfig, match="MYSAY_DATA_KEYS"):
        check_production(settings | {"DATA_KEYS": []})


def test_the_migration_encrypts_what_was_stored_in_clear(empty_app):
    upgrade(revision="7f40b5feed95")
    db.session.execute(
        text(
            "INSERT INTO child (id, child_ref, first_name, preferred_name, date_of_birth, language)"
            " VALUES (1, 'C-1', 'Jayden', 'Jay', '2015-01-01', 'en')"
        )
    )
    definition = json.dumps(
        {
            "pages": [
                {"questions": [{"key": "words", "kind": "text"}, {"key": "face", "kind": "faces"}]}
            ]
        }
    )
    statements = [
        "INSERT INTO booklet_version (id, slug, version, definition, published_at)"
        " VALUES (1, 'middle', 1, :definition, '2026-01-01 00:00:00')",
        "INSERT INTO review (id, child_id, review_date) VALUES (1, 1, '2026-07-01')",
        "INSERT INTO invitation (id, review_id, respondent, booklet_version_id, language,"
        " token_hash, code_hash, created_at, last_page)"
        " VALUES (1, 1, 'child', 1, 'en', 't', 'c', '2026-06-01 00:00:00', 0)",
        "INSERT INTO answer (id, invitation_id, booklet_version_id, question_key, value, only_iro,"
        " updated_at) VALUES (1, 1, 1, 'words', :words, false, '2026-06-01 00:00:00'),"
        " (2, 1, 1, 'face', :face, false, '2026-06-01 00:00:00')",
    ]
    params = {"definition": definition, "words": json.dumps("My nan is kind"), "face": '"happy"'}
    for statement in statements:
        db.session.execute(text(statement), params)
    db.session.commit()
    upgrade()
    db.session.expire_all()
    assert "Jay" not in raw("SELECT first_name, preferred_name FROM child")[0][0]
    child = db.session.get(Child, 1)
    assert (child.first_name, child.preferred_name) == ("Jayden", "Jay")
    # Words moved to the encrypted column; a choice stays in clear for the reports.
    assert "nan" not in str(raw("SELECT value, words FROM answer WHERE id = 1")[0])
    assert [db.session.get(Answer, i).value for i in (1, 2)] == ["My nan is kind", "happy"]
    assert raw("SELECT words FROM answer WHERE id = 2")[0][0] is None


def test_the_migration_encrypts_who_to_ring_about_a_child(empty_app):
    upgrade(revision="6bed6ee56838")
    db.session.execute(
        text(
            "INSERT INTO child (id, child_ref, date_of_birth, language, placement_contact,"
            " social_worker) VALUES (1, 'C-1', '2015-01-01', 'en', 'Jo Carer 07700 900123',"
            " 'Sam Worker'), (2, 'C-2', '2015-01-01', 'en', NULL, NULL)"
        )
    )
    db.session.commit()
    upgrade()
    db.session.expire_all()
    stored = raw("SELECT placement_contact, social_worker FROM child WHERE id = 1")[0]
    assert "07700" not in stored[0] and "Sam" not in stored[1]
    child = db.session.get(Child, 1)
    assert (child.placement_contact, child.social_worker) == ("Jo Carer 07700 900123", "Sam Worker")
    assert db.session.get(Child, 2).placement_contact is None
