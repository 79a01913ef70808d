"""Invented texts: sentences, commit messages, issue and PR titles, bodies, diff hunks."""

from __future__ import annotations

import random

from oso.sources.gharchive.synthetic.vocab import (
    ADJECTIVES,
    NOUNS,
    PACKAGES,
    PROBLEMS,
    VERBS,
    WORDS,
)


def sentence(rng: random.Random, low: int = 6, high: int = 16) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def commit_message(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.1:
        pkg = rng.choice(PACKAGES)
        return f"Bump {pkg} from 1.{rng.randrange(20)}.{rng.randrange(9)} to 1.{rng.randrange(20, 30)}.0"
    subject = f"{rng.choice(VERBS)} {rng.choice(NOUNS)} {rng.choice(NOUNS)}"
    if roll < 0.55:
        return subject
    return f"{subject}\n\n{paragraph(rng, rng.randint(1, 3))}"


def issue_title(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return f"{rng.choice(NOUNS).capitalize()} {rng.choice(PROBLEMS)}"
    return f"Support {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} in the {rng.choice(NOUNS)}"


def pr_title(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(NOUNS)}"


def text_body(rng: random.Random, paragraphs: int) -> str:
    return "\r\n\r\n".join(paragraph(rng, rng.randint(2, 5)) for _ in range(paragraphs))


def diff_hunk(rng: random.Random, path: str) -> str:
    start = rng.randint(1, 400)
    lines = [f"@@ -{start},7 +{start},8 @@ def {rng.choice(NOUNS)}_{rng.choice(NOUNS)}(self):"]
    lines += [
        f"     {rng.choice(NOUNS)} = {rng.choice(NOUNS)}.{rng.choice(NOUNS)}()" for _ in range(3)
    ]
    lines.append(f"+    {rng.choice(NOUNS)}.{rng.choice(NOUNS)}({rng.choice(NOUNS)})")
    return "\n".join(lines)


def commit_count(rng: random.Random) -> int:
    """Commits in a push or a pull request: mostly one or two, sometimes dozens."""
    roll = rng.random()
    if roll < 0.55:
        return 1
    if roll < 0.75:
        return 2
    if roll < 0.95:
        return rng.randint(3, 6)
    return rng.randint(7, 30)


def bump_title(rng: random.Random) -> str:
    """The title of a dependency bot's pull request."""
    pkg = rng.choice(PACKAGES)
    return f"Bump {pkg} from {rng.randint(1, 4)}.{rng.randint(0, 20)}.{rng.randint(0, 9)} to {rng.randint(5, 9)}.0.0"
