"""organigramme: people, roles, organisations, units and reporting lines from French articles."""

__version__ = "0.1.0"
