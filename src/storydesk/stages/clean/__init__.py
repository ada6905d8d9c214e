"""Cleaning: artefacts, boilerplate lines, glued-on foreign articles, near-duplicates."""
