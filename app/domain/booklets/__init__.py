"""Booklet definitions: loading, validating and publishing versions, their translation, and the child's own words for family."""
