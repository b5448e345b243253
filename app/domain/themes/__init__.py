"""Themes of what children say and urgent detection: the lexicon engine, its term syntax, themes kept on answers, and the safety marking."""
