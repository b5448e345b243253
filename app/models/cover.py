"""Caseload cover: one IRO looking after another IRO's children for a while."""
