"""The vocabulary of synthetic GH Archive data: names, words, languages, labels, bots, paths."""

from __future__ import annotations


def words(text: str, sep: str | None = None) -> tuple[str, ...]:
    """The words of ``text`` split on ``sep`` (default: whitespace), as a tuple."""
    return tuple(text.split(sep))


FIRST_NAMES = words(
    "Ada Alan Alice Amara Ana Andrei Anil Aria Ben Bo Carla Chen Chloe Dana Daniel Diego Elena Emil "
    "Eva Farah Felix Gita Hana Hugo Ian Ines Ivan Jae Jana Jonas Julia Kai Kenji Lara Leo Lina Luca "
    "Maya Mei Milan Mira Nadia Nils Noor Omar Olga Pablo Priya Quinn Rafael Rania Ravi Rosa Sami Sara "
    "Sofia Tariq Theo Tomas Uma Vera Victor Wen Xin Yara Yusuf Zoe"
)
LAST_NAMES = words(
    "Abara Adler Alvarez Andersson Baker Banerjee Berg Bianchi Brandt Castro Chowdhury Costa Dahl "
    "Dubois Eriksen Fischer Fontaine Garcia Gupta Haddad Hansen Herrera Ito Ivanova Jensen Kato Khan "
    "Kim Kowalski Laine Larsen Lopez Mendes Moreau Muller Nakamura Novak Okafor Olsen Park Patel Perez "
    "Petrov Quispe Rossi Sato Schmidt Silva Singh Sousa Tanaka Torres Vasquez Verma Wagner Wang Weber "
    "Yamada Yilmaz Zhang Zhou"
)
NOUNS = words(
    "parser cache scheduler router client server cli config docs tests build logger metrics auth "
    "session storage queue worker plugin template renderer compiler linter formatter bundler crawler "
    "indexer encoder decoder driver adapter gateway proxy registry resolver runtime sandbox shell "
    "tokenizer validator watcher widget api sdk graph layout theme canvas search sync export import"
)
ADJECTIVES = words(
    "async fast tiny simple smart open modern minimal robust reactive shiny lazy static dynamic "
    "secure portable awesome little rusty happy quiet bright"
)
VERBS = words(
    "Fix Add Update Remove Refactor Improve Document Handle Support Simplify Rename Optimize Tidy "
    "Drop Implement Test Bump Revert Allow Avoid"
)
PROBLEMS = words(
    "crashes on empty input|leaks memory under load|returns wrong status code|hangs on Windows|"
    "fails with unicode paths|ignores the config file|is slow for large files|throws on null values|"
    "breaks after upgrade|does not respect timeouts|prints a confusing error|double-encodes URLs|"
    "loses precision for big integers|races with the background worker",
    "|",
)
WORDS = words(
    "the a we this that it should when after before because input output value request response "
    "error handling test case release version build option flag default behaviour change fix issue "
    "support users code path file line module function method type check docs example update "
    "performance memory thread lock timeout retry cache config"
)
LANGUAGES = (
    "Python",
    "JavaScript",
    "Go",
    "Rust",
    "TypeScript",
    "Java",
    "C++",
    "Ruby",
    "C",
    "Shell",
)
LABELS = (
    ("bug", "fc2929"),
    ("enhancement", "84b6eb"),
    ("documentation", "0075ca"),
    ("question", "cc317c"),
    ("good first issue", "7057ff"),
    ("help wanted", "159818"),
)
BOTS = ("dependabot[bot]", "github-actions[bot]", "renovate[bot]")
EMAIL_DOMAINS = (
    "gmail.com",
    "users.noreply.github.com",
    "outlook.com",
    "example.org",
    "fastmail.com",
)
PACKAGES = (
    "lodash",
    "requests",
    "serde",
    "tokio",
    "react",
    "urllib3",
    "pytest",
    "axios",
    "numpy",
    "eslint",
)
FILE_PATHS = (
    "src/main.py",
    "src/lib.rs",
    "lib/index.js",
    "pkg/server/handler.go",
    "README.md",
    "tests/test_api.py",
)
