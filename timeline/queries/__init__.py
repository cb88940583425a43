"""Read-only queries: each takes a Session and returns rows or dataclasses; none prints or commits."""
