"""timeline: an event timeline database of blocs, states, officials, meetings and statements."""

__version__ = "0.1.0"
