"""Output: machine formats (csv, json, jsonl) streamed to stdout, and Rich renderables for people."""
