"""`python -m glossary`: the same as the `glossary` command."""
from glossary.cli.main import run

run()
