"""``python -m storydesk`` runs the CLI."""

from storydesk.adapters.cli import main

main()
