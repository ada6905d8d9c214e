"""Story clustering: group articles into one story per real event (batch and streaming)."""
