"""Cross-outlet comparison of a story: sentence units, timeline, quote groups, agree/conflict/unique."""
