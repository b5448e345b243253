"""Themes of what children say and urgent detection: the lexicon engine and its term syntax, the
trained urgent classifier and what neither can read, themes kept on answers, the flags that put a
booklet in front of a person today (urgent, or read today), the safety marking that alerts, and
the IROs' labels for the next training run."""
