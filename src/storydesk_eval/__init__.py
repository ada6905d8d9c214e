"""storydesk's evaluation: gold corpora, scorers and baselines, one harness over several corpora.

It depends on the library (``storydesk``), never the reverse: nothing under ``storydesk`` imports it
except the ``storydesk eval`` commands, lazily. The baselines it prints beside our figures (sumy's
LexRank, dateparser) come with the ``eval`` extra: ``pip install 'storydesk[eval]'``.
"""
