"""Extractive story summaries: central, non-redundant sentences, each cited to every supporting outlet."""
