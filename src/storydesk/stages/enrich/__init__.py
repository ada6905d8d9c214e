"""Enrichment stages: span layers (dates, entities, quotes, numbers) over the canonical text."""
