"""storydesk: one trustworthy picture per news story, every statement traceable to its source."""

__version__ = "0.1.0"
