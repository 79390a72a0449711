"""`python -m glossary`: the same as the `glossary` command."""
from .cli.main import run

run()
