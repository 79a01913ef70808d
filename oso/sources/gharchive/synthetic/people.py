"""Invented people and repository names: logins, display names, e-mails, descriptions."""

from __future__ import annotations

import hashlib
import random

from oso.sources.gharchive.synthetic.entities import Person
from oso.sources.gharchive.synthetic.vocab import (
    ADJECTIVES,
    EMAIL_DOMAINS,
    FIRST_NAMES,
    LAST_NAMES,
    NOUNS,
)


def make_person(login: str, uid: int, rng: random.Random, kind: str = "User") -> Person:
    """A person with a display name and a GH Archive style e-mail (local part hashed)."""
    if kind == "Bot":
        name = login
        domain = "users.noreply.github.com"
    else:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        domain = rng.choice(EMAIL_DOMAINS)
    local = hashlib.sha1(f"{login.lower()}@{domain}".encode()).hexdigest()
    return Person(login, uid, name, f"{local}@{domain}", kind)


def make_login(rng: random.Random) -> str:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    pattern = rng.randrange(6)
    if pattern == 0:
        return f"{first}{last}"
    if pattern == 1:
        return f"{first[0]}{last}".lower()
    if pattern == 2:
        return f"{first}-{last}".lower()
    if pattern == 3:
        return f"{first.lower()}{rng.randrange(1, 999)}"
    if pattern == 4:
        return f"{last.lower()}{first[0].lower()}"
    return f"{rng.choice(ADJECTIVES)}{rng.choice(NOUNS)}{rng.randrange(10, 99)}"


def make_repo_name(rng: random.Random) -> str:
    pattern = rng.randrange(5)
    if pattern == 0:
        return f"{rng.choice(ADJECTIVES)}-{rng.choice(NOUNS)}"
    if pattern == 1:
        return f"{rng.choice(NOUNS)}.js"
    if pattern == 2:
        return f"py{rng.choice(NOUNS)}"
    if pattern == 3:
        return f"{rng.choice(NOUNS)}-{rng.choice(NOUNS)}"
    return rng.choice(("dotfiles", "blog", "notes", "homework", "playground", "website"))


def repo_description(rng: random.Random) -> str:
    """A repository description such as ``Tiny parser cache``."""
    return f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)} {rng.choice(NOUNS)}"
