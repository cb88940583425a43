"""Exports for downstream systems: table dumps, manifests, and formats for people's tools."""
