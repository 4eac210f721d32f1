"""Answers to people's questions: accounts, channels, withdrawal, family, triage, the question finder.

Imports the data layer and the rule engine; every answer is a plain JSON-ready record.
"""
