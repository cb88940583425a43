"""Drafting annotations from raw documents by rules and the database's own names."""
